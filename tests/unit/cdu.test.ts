import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CduParcelInput, CduRequestInput } from '../../src/shared/api/cdu';
import { parseArchiveQuery } from '../../src/shared/domain/archiveQuery';
import { CDU_PURPOSES, cduSubject, duplicatePositions, unzonedPercent, zoneAreaM2 } from '../../src/shared/domain/cdu';
import { generateDemoCadastre } from '../../src/main/demo/cdu';
import { createRng } from '../../src/main/demo/rng';

const parcel = fc.record({
  sezione: fc.constant(null),
  foglio: fc.integer({ min: 1, max: 9999 }),
  particella: fc.tuple(fc.integer({ min: 1, max: 999_999 }), fc.constantFrom('', 'a', 'b')).map(([n, letter]) => `${n}${letter}`),
});

describe('CDU rules', () => {
  it('the subject a request is registered with gives back its parcels to the archive parser (precedents are found by it)', () => {
    fc.assert(
      fc.property(fc.array(parcel, { minLength: 1, maxLength: 8 }), fc.constantFrom(...CDU_PURPOSES), (parcels, purpose) => {
        const read = parseArchiveQuery(cduSubject(purpose, purpose === 'altro' ? 'frazionamento del fondo' : null, parcels)).parcels;
        expect(read.map((p) => ({ sezione: p.sezione, foglio: p.foglio, particella: p.particella }))).toEqual(parcels);
      }),
    );
  });

  it('names the purpose in the subject as the certificate prints it', () => {
    expect(cduSubject('successione', null, [{ sezione: null, foglio: 12, particella: '345' }])).toBe(
      'Certificato di destinazione urbanistica per dichiarazione di successione, Fg. 12 part. 345',
    );
  });

  it('a parcel typed twice is flagged at its second position, whatever the spacing and case typed', () => {
    const typed = [
      CduParcelInput.parse({ foglio: '12', particella: ' 345A' }),
      CduParcelInput.parse({ sezione: '', foglio: 3, particella: '7' }),
      CduParcelInput.parse({ sezione: null, foglio: 12, particella: '345a' }),
    ];
    expect([...duplicatePositions(typed)]).toEqual([2]);
  });

  it('refuses malformed identifiers and an undeclared "other" purpose at the boundary', () => {
    expect(CduParcelInput.safeParse({ foglio: 0, particella: '12' }).success).toBe(false);
    expect(CduParcelInput.safeParse({ foglio: 12, particella: '012' }).success).toBe(false);
    expect(CduParcelInput.safeParse({ sezione: 'a1', foglio: 12, particella: '12' }).success).toBe(false);
    const request = { personId: 1, parcels: [{ foglio: 1, particella: '2' }], idempotencyKey: crypto.randomUUID() };
    expect(CduRequestInput.safeParse({ ...request, purpose: 'altro' }).error?.issues[0]?.message).toBe('purpose_note_required');
    expect(CduRequestInput.safeParse({ ...request, purpose: 'altro', purposeNote: 'Perizia di stima' }).success).toBe(true);
  });

  it('a zone covers its share of the parcel in whole square metres; what no zone covers is the rest of 100%', () => {
    expect(zoneAreaM2(1200, 80)).toBe(960);
    expect(zoneAreaM2(1234, 33.33)).toBe(411);
    expect(unzonedPercent([80, 15])).toBe(5);
    expect(unzonedPercent([33.33, 33.33, 33.34])).toBe(0);
    expect(unzonedPercent([])).toBe(100);
  });
});

describe('demo cadastre', () => {
  const spots = Array.from({ length: 400 }, (_, i) => ({ foglio: 1 + (i % 42), particella: String(12 + i) }));
  const keep = new Set(['12|12|345']);
  const parcels = generateDemoCadastre(
    createRng(7),
    [{ foglio: 12, particella: '345' }, { foglio: 12, particella: '346' }, ...spots],
    keep,
  );

  it('zones every parcel for at most 100% of its area, by where it lies on the map', () => {
    for (const parcel of parcels) {
      const total = parcel.zones.reduce((sum, [, share]) => sum + share, 0);
      expect(total).toBeGreaterThan(90);
      expect(total).toBeLessThanOrEqual(100);
      if (parcel.foglio >= 21 && parcel.foglio <= 25) expect(parcel.zones[0]![0]).toMatch(/^D/);
      if (parcel.foglio <= 5) expect(parcel.constraints).toContain('colle');
    }
  });

  it('splits some parcels into two that add up to the original area; the parcels requested stay current', () => {
    const split = parcels.filter((parcel) => parcel.suppressed !== null);
    expect(split.length).toBeGreaterThan(3);
    expect(parcels.find((parcel) => parcel.foglio === 12 && parcel.particella === '346')!.suppressed).not.toBeNull();
    expect(parcels.find((parcel) => parcel.foglio === 12 && parcel.particella === '345')!.suppressed).toBeNull();
    for (const parcel of split) {
      expect(parcel.suppressed!.successors.reduce((sum, successor) => sum + successor.areaM2, 0)).toBe(parcel.areaM2);
    }
    const keys = parcels.flatMap((parcel) => [parcel, ...(parcel.suppressed?.successors ?? [])]).map((p) => `${p.foglio}|${p.particella}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
