import { describe, it, expect, beforeAll } from 'vitest';
import { decodeCodiceFiscale, isValidCodiceFiscale } from '../../../src/shared/domain/codiceFiscale';
import { isValidBusinessTaxCode, isValidPartitaIva } from '../../../src/shared/domain/partitaIva';
import { dayOfWeek, isHoliday, nextWorkingDay } from '../../../src/shared/domain/calendar';
import { computeDueDate } from '../../../src/shared/domain/dueDate';
import { INSTANCE_STATUSES, INTAKE_CHANNELS, OPEN_INSTANCE_STATUSES } from '../../../src/shared/api/instances';
import { DEMO_CATALOGUE } from '../../../src/main/demo/catalogue';
import { DEMO_ENTE, DEMO_OFFICES, DEMO_PASSWORD, DEMO_STAFF } from '../../../src/main/demo/organisation';
import { createRng, weightedPicker } from '../../../src/main/demo/rng';
import {
  generateBusinesses,
  generateInstanceBatches,
  generateInstances,
  generatePersons,
  type EnteContext,
  type InstanceContext,
  type InstanceRow,
} from '../../../src/main/demo/generate';

const ENTE: EnteContext = {
  enteId: 7,
  city: DEMO_ENTE.city,
  province: DEMO_ENTE.province,
  postalCode: DEMO_ENTE.postalCode,
  belfioreCode: DEMO_ENTE.belfioreCode,
  referenceDate: '2026-11-23',
};
const PATRON_DAY = DEMO_ENTE.patronDay; // 29 September
const NOT_AFTER = '2026-11-23T10:30:00.000Z';

const officeIds = new Map(DEMO_OFFICES.map((o, i) => [o.code, 100 + i]));
const staffByOffice = new Map([...officeIds.values()].map((id) => [id, [id * 10, id * 10 + 1, id * 10 + 2]]));

function instanceContext(overrides: Partial<InstanceContext> = {}): InstanceContext {
  return {
    enteId: 7,
    protocolRegisterId: 3,
    procedureTypes: DEMO_CATALOGUE.map((e, i) => ({
      id: 500 + i,
      code: e.code,
      name: e.name,
      officeId: officeIds.get(e.officeCode) as number,
      legalTermDays: e.legalTermDays,
      clockRule: e.clockRule,
    })),
    persons: Array.from({ length: 2000 }, (_, i) => i + 1),
    businesses: Array.from({ length: 150 }, (_, i) => 10_001 + i),
    staffByOffice,
    from: '2024-11-23',
    to: '2026-11-23',
    notAfter: NOT_AFTER,
    patronDay: PATRON_DAY,
    ...overrides,
  };
}

const romeParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Rome',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
/** Local date and time in Europe/Rome of an ISO timestamp, computed with Intl (independently of the generator). */
function inRome(iso: string): { date: string; minutes: number } {
  const parts = Object.fromEntries(romeParts.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

describe('rng (mulberry32)', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const seqA = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 20 }, () => c.next())).not.toEqual(seqA);
  });

  it('int stays within bounds, both included, and pick/chance behave', () => {
    const r = createRng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const v = r.int(3, 7);
      expect(v).toBeGreaterThanOrEqual(3);
      expect(v).toBeLessThanOrEqual(7);
      seen.add(v);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7]);
    expect(['x', 'y']).toContain(r.pick(['x', 'y']));
    expect(() => r.pick([])).toThrow(RangeError);
    let hits = 0;
    for (let i = 0; i < 10_000; i++) if (r.chance(0.3)) hits++;
    expect(hits / 10_000).toBeCloseTo(0.3, 1);
  });

  it('weightedPicker follows the weights and never picks a zero weight', () => {
    const r = createRng(9);
    const pick = weightedPicker([
      ['a', 1],
      ['b', 0],
      ['c', 3],
    ] as const);
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 20_000; i++) counts[pick(r)]++;
    expect(counts.b).toBe(0);
    expect(counts.c / counts.a).toBeGreaterThan(2.6);
    expect(counts.c / counts.a).toBeLessThan(3.4);
  });
});

describe('catalogue (censimento dei procedimenti)', () => {
  it('has at least 25 procedure types with valid, unique codes and known offices', () => {
    expect(DEMO_CATALOGUE.length).toBeGreaterThanOrEqual(25);
    const codes = DEMO_CATALOGUE.map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    const offices = new Set(DEMO_OFFICES.map((o) => o.code));
    for (const e of DEMO_CATALOGUE) {
      expect(e.code).toMatch(/^[A-Z0-9_]{2,30}$/);
      expect(offices.has(e.officeCode), e.code).toBe(true);
      expect(e.name.trim().length).toBeGreaterThan(0);
      expect(e.legalReference.trim().length).toBeGreaterThan(0);
      expect(['silenzio_inadempimento', 'silenzio_assenso', 'scia']).toContain(e.clockRule);
      expect(e.feeCents).toBeGreaterThanOrEqual(0);
      expect(Number.isInteger(e.feeCents)).toBe(true);
    }
  });

  it('legal terms are whole days in 1..180 (L. 241/1990 art. 2 c.4)', () => {
    for (const e of DEMO_CATALOGUE) {
      expect(Number.isInteger(e.legalTermDays), e.code).toBe(true);
      expect(e.legalTermDays, e.code).toBeGreaterThanOrEqual(1);
      expect(e.legalTermDays, e.code).toBeLessThanOrEqual(180);
    }
  });

  it('uses the real terms of the main procedures', () => {
    const by = (code: string) => DEMO_CATALOGUE.find((e) => e.code === code);
    expect(by('PERMESSO_COSTRUIRE')).toMatchObject({ legalTermDays: 90, clockRule: 'silenzio_assenso', integrationRegime: 'interruption' }); // DPR 380/2001 art. 20 c.3, c.5, c.6, c.8
    expect(by('PERMESSO_COSTRUIRE')?.legalReference).toContain('DPR 380/2001 art. 20');
    expect(by('SCIA_EDILIZIA')).toMatchObject({ legalTermDays: 30, clockRule: 'scia' }); // L. 241/1990 art. 19 c.6-bis
    expect(by('SCIA_EDILIZIA')?.legalReference).toContain('art. 19 c.6-bis');
    expect(by('SCIA_VICINATO')).toMatchObject({ legalTermDays: 60, clockRule: 'scia' }); // L. 241/1990 art. 19 c.3
    expect(by('CDU')).toMatchObject({ legalTermDays: 30 }); // DPR 380/2001 art. 30 c.3
    expect(by('ACCESSO_ATTI')).toMatchObject({ legalTermDays: 30 }); // L. 241/1990 art. 25 c.4
    expect(by('ACCESSO_CIVICO_GEN')).toMatchObject({ legalTermDays: 30 }); // D.Lgs. 33/2013 art. 5 c.6
    expect(by('CAMBIO_RESIDENZA')).toMatchObject({ legalTermDays: 45, clockRule: 'silenzio_assenso' }); // DL 5/2012 art. 5
    expect(by('MEDIA_STRUTTURA')).toMatchObject({ legalTermDays: 90, clockRule: 'silenzio_assenso' }); // D.Lgs. 114/1998 art. 8 c.4
    expect(by('RIMBORSO_IMU')).toMatchObject({ legalTermDays: 180 }); // L. 296/2006 art. 1 c.164
    expect(by('AUT_PAESAGG_SEMPL')).toMatchObject({ legalTermDays: 60 }); // DPR 31/2017 art. 11
    expect(by('SCARICO_FUORI_FOGNA')).toMatchObject({ legalTermDays: 90 }); // D.Lgs. 152/2006 art. 124 c.7
  });

  it('SCIA terms are interrupted, not suspended (L. 241/1990 art. 19 c.3): no suspension on SCIA types', () => {
    for (const e of DEMO_CATALOGUE.filter((x) => x.clockRule === 'scia')) expect(e.suspensionAllowed, e.code).toBe(false);
  });
});

describe('demo organisation', () => {
  it('the Comune has well-formed identifiers', () => {
    expect(DEMO_ENTE.istatCode).toMatch(/^[0-9]{6}$/);
    expect(isValidPartitaIva(DEMO_ENTE.codiceFiscale)).toBe(true);
    expect(DEMO_ENTE.province).toMatch(/^[A-Z]{2}$/);
    expect(DEMO_ENTE.patronDay).toMatch(/^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/);
    expect(DEMO_ENTE.aoo.code.length).toBeLessThanOrEqual(16);
    expect(DEMO_OFFICES.length).toBeGreaterThanOrEqual(7);
    for (const o of DEMO_OFFICES) expect(o.code).toMatch(/^[A-Z0-9_]{2,20}$/);
  });

  it('staff covers the four roles and usernames stay valid with a suffix', () => {
    const count = (role: string) => DEMO_STAFF.filter((s) => s.role === role).length;
    expect(count('admin')).toBeGreaterThanOrEqual(1);
    expect(count('manager')).toBeGreaterThanOrEqual(2);
    expect(count('clerk')).toBeGreaterThanOrEqual(3);
    expect(count('technician')).toBeGreaterThanOrEqual(3);
    expect(new Set(DEMO_STAFF.map((s) => s.username)).size).toBe(DEMO_STAFF.length);
    const offices = new Set(DEMO_OFFICES.map((o) => o.code));
    for (const s of DEMO_STAFF) {
      expect(`${s.username}_t1a2`).toMatch(/^[a-z][a-z0-9_.]{2,47}$/);
      expect(s.offices.length).toBeGreaterThan(0);
      for (const o of s.offices) expect(offices.has(o)).toBe(true);
    }
    // Every office has someone who can be assigned its work.
    for (const o of DEMO_OFFICES)
      expect(
        DEMO_STAFF.some((s) => s.offices.includes(o.code) && s.role !== 'admin'),
        o.code,
      ).toBe(true);
    expect(DEMO_PASSWORD).toBe('Scrivania.2026');
  });
});

describe('generatePersons', () => {
  const persons = generatePersons(2000, createRng(11), ENTE);

  it('is deterministic: same seed, same persons; another seed, other persons', () => {
    expect(generatePersons(2000, createRng(11), ENTE)).toEqual(persons);
    expect(generatePersons(50, createRng(12), ENTE)).not.toEqual(persons.slice(0, 50));
  });

  it('every codice fiscale is valid, unique, and encodes the person (DM 23/12/1976)', () => {
    expect(persons).toHaveLength(2000);
    expect(new Set(persons.map((p) => p.codice_fiscale)).size).toBe(persons.length);
    for (const p of persons) {
      expect(isValidCodiceFiscale(p.codice_fiscale), p.codice_fiscale).toBe(true);
      const decoded = decodeCodiceFiscale(p.codice_fiscale);
      expect(decoded.sex).toBe(p.sex);
      const [y, m, d] = p.birth_date.split('-').map(Number);
      expect(decoded.birthDate).toEqual({ year2: (y as number) % 100, month: m, day: d });
    }
  });

  it('some codes are omocodic (omonimi told apart by letters in digit positions), and still valid', () => {
    const omocodic = persons.filter((p) =>
      /[LMNPQRSTUV]/.test(p.codice_fiscale.slice(6, 8) + p.codice_fiscale.slice(9, 11) + p.codice_fiscale.slice(12, 15)),
    );
    expect(omocodic.length).toBeGreaterThan(0);
    for (const p of omocodic) expect(isValidCodiceFiscale(p.codice_fiscale)).toBe(true);
  });

  it('persons are adults with plausible contact data', () => {
    for (const p of persons) {
      expect(p.birth_date <= '2008-11-23').toBe(true);
      expect(p.birth_date >= '1925-01-01').toBe(true);
      expect(p.postal_code).toMatch(/^[0-9]{5}$/);
      if (p.email !== null) expect(p.email).toMatch(/^[a-z.0-9]+@[a-z.]+$/);
    }
    expect(persons.filter((p) => p.city === DEMO_ENTE.city).length / persons.length).toBeGreaterThan(0.85);
  });
});

describe('generateBusinesses', () => {
  const businesses = generateBusinesses(150, createRng(21), ENTE, [1, 2, 3]);

  it('is deterministic', () => {
    expect(generateBusinesses(150, createRng(21), ENTE, [1, 2, 3])).toEqual(businesses);
    expect(generateBusinesses(150, createRng(21))).toHaveLength(150);
  });

  it('every partita IVA is valid (DPR 633/1972 art. 35) and unique, every codice fiscale valid', () => {
    expect(businesses).toHaveLength(150);
    expect(new Set(businesses.map((b) => b.partita_iva)).size).toBe(150);
    expect(new Set(businesses.map((b) => b.name)).size).toBe(150);
    for (const b of businesses) {
      expect(isValidPartitaIva(b.partita_iva), b.partita_iva).toBe(true);
      expect(isValidBusinessTaxCode(b.codice_fiscale), b.codice_fiscale).toBe(true);
      if (b.legal_form === 'Ditta individuale') expect(isValidCodiceFiscale(b.codice_fiscale)).toBe(true);
      else expect(b.codice_fiscale).toBe(b.partita_iva);
      expect(b.pec).toMatch(/@/);
      expect([1, 2, 3]).toContain(b.legal_representative_id);
    }
  });
});

describe('generateInstances', () => {
  let rows: InstanceRow[];
  const context = instanceContext();
  beforeAll(() => {
    rows = generateInstances(20_000, createRng(31), context);
  });

  it('is deterministic, and batches stream the same rows in the same order', () => {
    const again = generateInstances(3000, createRng(5), instanceContext());
    expect(generateInstances(3000, createRng(5), instanceContext())).toEqual(again);
    const batches = [...generateInstanceBatches(3000, createRng(5), instanceContext(), 700)];
    expect(batches.map((b) => b.length)).toEqual([700, 700, 700, 700, 200]);
    expect(batches.flat()).toEqual(again);
    expect(generateInstances(3000, createRng(6), instanceContext())).not.toEqual(again);
  });

  it('produces exactly the requested count, and none for zero', () => {
    expect(rows).toHaveLength(20_000);
    expect(generateInstances(0, createRng(1), instanceContext())).toEqual([]);
    expect(generateInstances(1, createRng(1), instanceContext())).toHaveLength(1);
  });

  it('protocol numbers restart at 1 every calendar year and have no gaps in received order (DPR 445/2000 art. 57)', () => {
    const next = new Map<number, number>();
    let previousReceived = '';
    for (const row of rows) {
      expect(row.received_at > previousReceived).toBe(true); // strictly increasing
      previousReceived = row.received_at;
      expect(row.protocol_register_id).toBe(3);
      expect(row.protocol_year).toBe(Number(inRome(row.received_at).date.slice(0, 4)));
      const expected = (next.get(row.protocol_year) ?? 0) + 1;
      expect(row.protocol_number).toBe(expected);
      next.set(row.protocol_year, expected);
    }
    expect([...next.keys()]).toEqual([2024, 2025, 2026]);
  });

  it('received on working days (not Saturday, Sunday, holidays or the patron day), 8:00-18:00 Europe/Rome', () => {
    for (const row of rows) {
      const { date, minutes } = inRome(row.received_at);
      expect(dayOfWeek(date), date).toBeGreaterThanOrEqual(1);
      expect(dayOfWeek(date), date).toBeLessThanOrEqual(5);
      expect(isHoliday(date, { patronDay: PATRON_DAY }), date).toBe(false);
      expect(minutes).toBeGreaterThanOrEqual(8 * 60);
      expect(minutes).toBeLessThan(18 * 60);
      expect(date >= '2024-11-23' && date <= '2026-11-23').toBe(true);
      expect(row.received_at <= NOT_AFTER).toBe(true);
    }
    expect(rows.some((r) => inRome(r.received_at).date === '2025-09-29')).toBe(false); // patron day, a Monday
  });

  it("the same demo at any hour of the day: only today's arrivals follow the clock, none before the office opens", () => {
    const at = (notAfter: string) => generateInstances(3000, createRng(31), instanceContext({ notAfter }));
    const morning = at('2026-11-23T07:40:00.000Z'); // 8:40 in Rome
    const evening = at('2026-11-23T17:50:00.000Z'); // 18:50
    const beforeOpening = at('2026-11-23T06:30:00.000Z'); // 7:30
    const upToYesterday = (rows: InstanceRow[]) => rows.filter((row) => inRome(row.received_at).date < '2026-11-23');
    expect(upToYesterday(morning)).toEqual(upToYesterday(evening));
    expect(upToYesterday(beforeOpening)).toEqual(upToYesterday(evening));
    const today = (rows: InstanceRow[]) => rows.filter((row) => inRome(row.received_at).date === '2026-11-23');
    expect(today(evening).length).toBeGreaterThan(0);
    expect(today(morning).map((row) => row.protocol_number)).toEqual(today(evening).map((row) => row.protocol_number));
    for (const row of today(morning)) expect(row.received_at <= '2026-11-23T07:40:00.000Z').toBe(true);
    expect(today(beforeOpening)).toEqual([]);
  });

  it('due date = receipt day + legal term, moved off Sundays and holidays (art. 2963 c.c.; L. 241/1990 art. 2)', () => {
    const terms = new Map(context.procedureTypes.map((p) => [p.id, p.legalTermDays]));
    for (const row of rows) {
      const receivedOn = inRome(row.received_at).date;
      expect(row.due_date).toBe(
        computeDueDate({ receivedOn, termDays: terms.get(row.procedure_type_id) as number, patronDay: PATRON_DAY }),
      );
      expect(nextWorkingDay(row.due_date, { patronDay: PATRON_DAY })).toBe(row.due_date);
      expect(dayOfWeek(row.due_date)).not.toBe(0);
    }
  });

  it('closed instances have a final status and closed_at after received_at, in the past', () => {
    const finals = new Set(['accepted', 'rejected', 'withdrawn']);
    for (const row of rows) {
      expect(INSTANCE_STATUSES).toContain(row.status);
      expect(finals.has(row.status)).toBe(row.closed_at !== null);
      if (row.closed_at !== null) {
        expect(row.closed_at >= row.received_at).toBe(true);
        expect(row.closed_at <= NOT_AFTER).toBe(true);
      }
    }
  });

  it('status follows age: old instances mostly closed, recent ones mostly open', () => {
    const old = rows.filter((r) => r.received_at < '2025-11-01');
    const recent = rows.filter((r) => r.received_at >= '2026-11-09');
    const openShare = (list: InstanceRow[]) => list.filter((r) => r.closed_at === null).length / list.length;
    expect(openShare(old)).toBeLessThan(0.02);
    expect(openShare(recent)).toBeGreaterThan(0.7);
    for (const status of ['received', 'in_progress', 'suspended', 'accepted', 'rejected', 'withdrawn']) {
      expect(
        rows.some((r) => r.status === status),
        status,
      ).toBe(true);
    }
  });

  it('closes cases day by day up to yesterday, with no pile on the last working day: a case decided later is still open', () => {
    const closuresOn = new Map<string, number>();
    for (const row of rows) {
      if (row.closed_at === null) continue;
      const day = inRome(row.closed_at).date;
      closuresOn.set(day, (closuresOn.get(day) ?? 0) + 1);
    }
    const lastWorkingDays = [...closuresOn.keys()].sort().slice(-16);
    const lastDay = lastWorkingDays.at(-1) as string;
    expect(lastDay).toBe('2026-11-20'); // the Friday before today, Monday 23
    const before = lastWorkingDays.slice(0, -1).map((day) => closuresOn.get(day) as number);
    const usual = before.reduce((total, n) => total + n, 0) / before.length;
    expect(closuresOn.get(lastDay)).toBeLessThan(1.6 * usual);
    expect(Math.max(...before)).toBeLessThan(1.6 * usual);
  });

  it('about 10% of open instances are unassigned (and not yet taken in charge); assignees come from the office', () => {
    const open = rows.filter((r) => (OPEN_INSTANCE_STATUSES as readonly string[]).includes(r.status));
    const unassigned = open.filter((r) => r.assignee_id === null);
    expect(unassigned.length / open.length).toBeGreaterThan(0.05);
    expect(unassigned.length / open.length).toBeLessThan(0.16);
    for (const r of unassigned) expect(r.status).toBe('received');
    for (const r of rows) {
      if (r.assignee_id !== null) expect(staffByOffice.get(r.office_id)).toContain(r.assignee_id);
    }
  });

  it("each instance has one applicant, the procedure's office, and a channel mix near 60/25/15", () => {
    const procedures = new Map(context.procedureTypes.map((p) => [p.id, p]));
    const channels: Record<string, number> = { online: 0, pec: 0, desk: 0 };
    for (const r of rows) {
      expect((r.applicant_person_id === null) !== (r.applicant_business_id === null)).toBe(true);
      expect(r.office_id).toBe(procedures.get(r.procedure_type_id)?.officeId);
      expect(r.procedure_code).toBe(procedures.get(r.procedure_type_id)?.code);
      expect(INTAKE_CHANNELS).toContain(r.channel);
      expect(r.subject.trim().length).toBeGreaterThan(0);
      channels[r.channel] = (channels[r.channel] ?? 0) + 1;
    }
    expect((channels.online as number) / rows.length).toBeGreaterThan(0.52);
    expect((channels.online as number) / rows.length).toBeLessThan(0.68);
    expect((channels.pec as number) / rows.length).toBeGreaterThan(0.17);
    expect((channels.desk as number) / rows.length).toBeGreaterThan(0.1);
    // A procedure that cannot be started online never arrives online.
    const offline = new Set(DEMO_CATALOGUE.filter((e) => !e.onlineAvailable).map((e) => e.code));
    for (const r of rows) if (offline.has(r.procedure_code)) expect(r.channel).not.toBe('online');
  });

  it('copies applicant names when the context provides them', () => {
    const [row] = generateInstances(
      1,
      createRng(2),
      instanceContext({ persons: [{ id: 9, name: 'Rossi Mario', taxCode: 'RSSMRA80A01H501U' }], businesses: [] }),
    );
    expect(row).toMatchObject({ applicant_person_id: 9, applicant_name: 'Rossi Mario', applicant_tax_code: 'RSSMRA80A01H501U' });
  });

  it('is fast enough for benchmark volumes (200,000 rows streamed well under 5 s)', () => {
    const started = performance.now();
    let n = 0;
    for (const batch of generateInstanceBatches(200_000, createRng(77), instanceContext(), 5000)) n += batch.length;
    expect(n).toBe(200_000);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
