import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWorklistPage, type WorklistViewer } from '../../src/main/instances/worklistQueries';
import { WorklistQuery, type WorklistQueryInput, type WorklistRow } from '../../src/shared/api/instances';
import { addDays, todayInRome } from '../../src/shared/domain/calendar';
import { createEnte, createInstance, createPerson, type EnteFixture } from '../support/fixtures';
import { createTestDatabase, type TestDatabase, type TestStaff } from '../support/testDatabase';

const SURNAMES = ['Rossi', 'Bianchi', 'Esposito', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', 'Bruno', 'Gallo', 'Conti', "D'Amico"];
const STATUSES = ['received', 'in_progress', 'suspended', 'accepted', 'rejected'] as const;

describe('the worklist: server-side paging, sorting and filtering as the signed-in clerk', () => {
  let db: TestDatabase;
  let ente: EnteFixture;
  let clerk: TestStaff;
  let colleague: TestStaff;
  let clerkDb: Knex;
  let viewer: WorklistViewer;
  const today = todayInRome();

  const page = (input: Partial<WorklistQueryInput>) =>
    readWorklistPage(clerkDb, WorklistQuery.parse({ scope: 'mine', startRow: 0, endRow: 100, ...input }), viewer);

  /** Reads every block by following the keyset cursors, as the grid does while scrolling. */
  async function readAllByCursor(input: Partial<WorklistQueryInput>, blockSize: number): Promise<WorklistRow[]> {
    const rows: WorklistRow[] = [];
    let cursor: string | null = null;
    for (let start = 0; ; start += blockSize) {
      const result = await page({ ...input, startRow: start, endRow: start + blockSize, cursor });
      rows.push(...result.rows);
      if (!result.nextCursor) return rows;
      cursor = result.nextCursor;
    }
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    ente = await createEnte(db.admin);
    clerk = await db.createStaff({ enteId: ente.enteId, role: 'technician', officeIds: [ente.offices.edilizia], name: 'Paolo Neri' });
    colleague = await db.createStaff({ enteId: ente.enteId, role: 'technician', officeIds: [ente.offices.edilizia], name: 'Sara Galli' });
    const people: number[] = [];
    for (const [i, surname] of SURNAMES.entries()) {
      people.push(await createPerson(db.admin, ente.enteId, { lastName: surname, firstName: i % 2 ? 'Maria' : 'Luca', sex: i % 2 ? 'F' : 'M' }));
    }
    // 230 instances for the clerk (several ties on due date, to exercise the id tie-breaker),
    // 20 for a colleague in the same office and 5 in another office.
    for (let i = 0; i < 230; i += 1) {
      await createInstance(db.admin, ente, {
        officeId: ente.offices.edilizia,
        procedureTypeId: i % 3 === 0 ? ente.procedures.permesso : ente.procedures.scia,
        personId: people[i % people.length]!,
        subject: `Pratica edilizia numero ${i} in Via Roma ${i}`,
        status: STATUSES[i % STATUSES.length],
        receivedAt: new Date(Date.UTC(2026, 0, 5) + i * 3_600_000 * 7).toISOString(),
        dueDate: addDays(today, (i % 40) - 10),
        assigneeId: clerk.id,
      });
    }
    for (let i = 0; i < 20; i += 1) {
      await createInstance(db.admin, ente, { officeId: ente.offices.edilizia, procedureTypeId: ente.procedures.scia, personId: people[0]!, assigneeId: colleague.id });
    }
    for (let i = 0; i < 5; i += 1) {
      await createInstance(db.admin, ente, { officeId: ente.offices.anagrafe, procedureTypeId: ente.procedures.residenza, personId: people[1]! });
    }
    clerkDb = db.connectAs(clerk);
    viewer = { staffId: clerk.id, officeIds: [ente.offices.edilizia] };
  });

  afterAll(async () => {
    await db.drop();
  });

  it('counts the whole result on the first block and returns at most a block of rows', async () => {
    const result = await page({});
    expect(result.total).toBe(230);
    expect(result.rows).toHaveLength(100);
    expect(result.nextCursor).not.toBeNull();
    expect(result.rows.every((row) => row.assigneeName === 'Paolo Neri')).toBe(true);
  });

  it('by default sorts by due date, most urgent first, and computes days left in the Rome calendar', async () => {
    const { rows } = await page({});
    const dueDates = rows.map((r) => r.dueDate);
    expect(dueDates).toEqual([...dueDates].sort());
    for (const row of rows) expect(addDays(today, row.daysLeft)).toBe(row.dueDate);
    expect(rows[0]!.daysLeft).toBe(-10);
  });

  it('keyset paging over every sort returns each row exactly once, in the same order as OFFSET paging', async () => {
    for (const colId of ['protocol', 'receivedAt', 'procedureName', 'applicantName', 'status', 'dueDate', 'daysLeft'] as const) {
      for (const sort of ['asc', 'desc'] as const) {
        const byCursor = await readAllByCursor({ sort: [{ colId, sort }] }, 37);
        const byOffset: WorklistRow[] = [];
        for (let start = 0; start < 230; start += 100) {
          byOffset.push(...(await page({ sort: [{ colId, sort }], startRow: start, endRow: start + 100 })).rows);
        }
        expect(byCursor.map((r) => r.id), `${colId} ${sort}`).toEqual(byOffset.map((r) => r.id));
        expect(new Set(byCursor.map((r) => r.id)).size).toBe(230);
      }
    }
  });

  it('sorts applicant names and protocol numbers correctly in both directions', async () => {
    const asc = (await page({ sort: [{ colId: 'applicantName', sort: 'asc' }], endRow: 230 })).rows.map((r) => r.applicantName);
    expect(asc[0]!.startsWith('Bianchi')).toBe(true);
    const desc = (await page({ sort: [{ colId: 'protocol', sort: 'desc' }], endRow: 2 })).rows;
    expect(desc[0]!.protocolNumber).toBeGreaterThan(desc[1]!.protocolNumber);
  });

  it('filters by applicant (name or codice fiscale), procedure, status and protocol number', async () => {
    const rossi = await page({ filters: { applicantName: { filterType: 'text', type: 'contains', filter: 'ross' } } });
    expect(rossi.total).toBeGreaterThan(0);
    expect(rossi.rows.every((r) => r.applicantName.startsWith('Rossi'))).toBe(true);

    const byTaxCode = await page({ filters: { applicantName: { filterType: 'text', type: 'startsWith', filter: rossi.rows[0]!.applicantTaxCode.slice(0, 9) } } });
    expect(byTaxCode.rows.every((r) => r.applicantTaxCode === rossi.rows[0]!.applicantTaxCode)).toBe(true);

    const open = await page({ filters: { status: { filterType: 'status', values: ['received', 'in_progress', 'suspended'] } } });
    expect(open.total).toBe(138);
    expect(open.rows.every((r) => ['received', 'in_progress', 'suspended'].includes(r.status))).toBe(true);

    const permits = await page({ filters: { procedureName: { filterType: 'text', type: 'contains', filter: 'permesso' } } });
    expect(permits.total).toBe(77);

    const target = open.rows[5]!;
    const byProtocol = await page({ filters: { protocol: { filterType: 'text', type: 'equals', filter: `${target.protocolNumber}/${target.protocolYear}` } } });
    expect(byProtocol.rows.map((r) => r.id)).toEqual([target.id]);
  });

  it('treats a wildcard typed by the user as a literal character', async () => {
    const result = await page({ filters: { applicantName: { filterType: 'text', type: 'contains', filter: '%' } } });
    expect(result.total).toBe(0);
    const apostrophe = await page({ filters: { applicantName: { filterType: 'text', type: 'contains', filter: "d'amico" } } });
    expect(apostrophe.total).toBeGreaterThan(0);
  });

  it('filters dates by Rome calendar day and days left as a due-date range', async () => {
    const overdue = await page({ filters: { daysLeft: { filterType: 'number', type: 'lessThan', filter: 0 } } });
    expect(overdue.total).toBeGreaterThan(0);
    expect(overdue.rows.every((r) => r.daysLeft < 0)).toBe(true);

    const dueToday = await page({ filters: { dueDate: { filterType: 'date', type: 'equals', dateFrom: `${today} 00:00:00` } } });
    expect(dueToday.rows.every((r) => r.dueDate === today)).toBe(true);
    expect(dueToday.total).toBeGreaterThan(0);

    // 2026-01-05 00:00 UTC is 01:00 in Rome: the first instance was received on 5 January in Rome.
    const onFifth = await page({ filters: { receivedAt: { filterType: 'date', type: 'equals', dateFrom: '2026-01-05' } } });
    expect(onFifth.total).toBe(4);

    const combined = await page({
      filters: {
        daysLeft: { filterType: 'number', operator: 'OR', conditions: [{ filterType: 'number', type: 'lessThan', filter: -5 }, { filterType: 'number', type: 'greaterThan', filter: 25 }] },
      },
    });
    expect(combined.rows.every((r) => r.daysLeft < -5 || r.daysLeft > 25)).toBe(true);
  });

  it('searches protocol numbers, names, codici fiscali and subjects from one box', async () => {
    const bySubject = await page({ search: 'numero 123 in' });
    expect(bySubject.rows.map((r) => r.subject)).toEqual(['Pratica edilizia numero 123 in Via Roma 123']);
    const first = (await page({ endRow: 1 })).rows[0]!;
    const byProtocol = await page({ search: String(first.protocolNumber) });
    expect(byProtocol.rows.map((r) => r.id)).toContain(first.id);
  });

  it('the office scope shows colleagues’ cases too, and never another office’s', async () => {
    const office = await page({ scope: 'office' });
    expect(office.total).toBe(250);
    const unassigned = await page({ scope: 'unassigned' });
    expect(unassigned.total).toBe(0);
  });

  it('a forged scope cannot widen what the database lets the clerk see', async () => {
    const forged = await readWorklistPage(clerkDb, WorklistQuery.parse({ scope: 'office', startRow: 0, endRow: 100 }), {
      staffId: clerk.id,
      officeIds: [ente.offices.edilizia, ente.offices.anagrafe],
    });
    expect(forged.total).toBe(250);
  });

  it('a cursor from another sort is ignored rather than misapplied', async () => {
    const byDue = await page({ endRow: 50 });
    const withForeignCursor = await page({ sort: [{ colId: 'applicantName', sort: 'asc' }], startRow: 0, endRow: 50, cursor: byDue.nextCursor });
    const fresh = await page({ sort: [{ colId: 'applicantName', sort: 'asc' }], startRow: 0, endRow: 50 });
    expect(withForeignCursor.rows.map((r) => r.id)).toEqual(fresh.rows.map((r) => r.id));
  });
});
