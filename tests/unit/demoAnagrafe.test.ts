import { describe, expect, it } from 'vitest';
import { planAnagrafe, type DemoStreetRef } from '../../src/main/demo/anagrafe';
import { generatePersons, type EnteContext } from '../../src/main/demo/generate';
import { createRng } from '../../src/main/demo/rng';

const ENTE: EnteContext = {
  enteId: 1,
  city: 'Montesereno',
  province: 'PG',
  postalCode: '06030',
  belfioreCode: 'M999',
  referenceDate: '2026-11-23',
};
const STREETS: DemoStreetRef[] = [
  { id: 1, type: 'via', name: 'della Libertà' },
  { id: 2, type: 'piazza', name: 'Garibaldi' },
  { id: 3, type: 'localita', name: 'Le Case' },
];

describe('the demo registry plan', () => {
  const persons = generatePersons(600, createRng(7), ENTE);
  const plan = planAnagrafe(persons, createRng(11), ENTE, STREETS);

  it('is the same for the same seed', () => {
    expect(planAnagrafe(persons, createRng(11), ENTE, STREETS)).toEqual(plan);
  });

  it('groups every resident into one household with exactly one head, and leaves the others out', () => {
    const members = plan.households.flatMap((household) =>
      household.members.filter((m) => m.person.kind === 'adult').map((m) => m.person.index),
    );
    const residents = persons.flatMap((row, index) => (row.city === ENTE.city ? [index] : []));
    expect([...members].sort((a, b) => a - b)).toEqual(residents);
    for (const household of plan.households) {
      expect(household.members.filter((m) => m.relationship === 'intestatario_scheda')).toHaveLength(1);
      for (const member of household.members) expect(member.from >= household.formedOn).toBe(true);
    }
  });

  it('has couples with children, elderly parents living with a family and people living alone', () => {
    const sizes = plan.households.map((household) => household.members.length);
    expect(sizes.filter((size) => size === 1).length).toBeGreaterThan(plan.households.length / 5);
    expect(sizes.filter((size) => size >= 4).length).toBeGreaterThan(10);
    const relationships = new Set(plan.households.flatMap((household) => household.members.map((m) => m.relationship)));
    expect([...relationships]).toEqual(expect.arrayContaining(['coniuge', 'figlio', 'genitore']));
    // Children under age carry their father's surname and are younger than 18.
    for (const minor of plan.minors) expect(minor.birth_date > '2008-11-23').toBe(true);
  });

  it('records birth acts only for people born in the Comune, in the year of birth or the next', () => {
    const rowOf = (ref: { kind: 'adult' | 'minor'; index: number }) =>
      (ref.kind === 'adult' ? persons[ref.index] : plan.minors[ref.index])!;
    expect(plan.births.length).toBeGreaterThan(50);
    for (const birth of plan.births) {
      const row = rowOf(birth.person);
      expect(row.birth_place).toBe('Montesereno (PG)');
      expect(birth.actYear - Number(row.birth_date.slice(0, 4))).toBeGreaterThanOrEqual(0);
      expect(birth.actYear - Number(row.birth_date.slice(0, 4))).toBeLessThanOrEqual(1);
    }
  });
});
