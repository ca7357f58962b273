import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWorklistPage, type WorklistViewer } from '../../src/main/instances/worklistQueries';
import { WORKLIST_COUNT_LIMIT, WorklistQuery, type WorklistQueryInput, type WorklistRow } from '../../src/shared/api/instances';
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
      people.push(
        await createPerson(db.admin, ente.enteId, { lastName: surname, firstName: i % 2 ? 'Maria' : 'Luca', sex: i % 2 ? 'F' : 'M' }),
      );
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
      await createInstance(db.admin, ente, {
        officeId: ente.offices.edilizia,
        procedureTypeId: ente.procedures.scia,
        personId: people[0]!,
        assigneeId: colleague.id,
      });
    }
    for (let i = 0; i < 5; i += 1) {
      await createInstance(db.admin, ente, {
        officeId: ente.offices.anagrafe,
        procedureTypeId: ente.procedures.residenza,
        personId: people[1]!,
      });
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
        expect(
          byCursor.map((r) => r.id),
          `${colId} ${sort}`,
        ).toEqual(byOffset.map((r) => r.id));
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

    const byTaxCode = await page({
      filters: { applicantName: { filterType: 'text', type: 'startsWith', filter: rossi.rows[0]!.applicantTaxCode.slice(0, 9) } },
    });
    expect(byTaxCode.rows.every((r) => r.applicantTaxCode === rossi.rows[0]!.applicantTaxCode)).toBe(true);

    const open = await page({ filters: { status: { filterType: 'status', values: ['received', 'in_progress', 'suspended'] } } });
    expect(open.total).toBe(138);
    expect(open.rows.every((r) => ['received', 'in_progress', 'suspended'].includes(r.status))).toBe(true);

    const permits = await page({ filters: { procedureName: { filterType: 'text', type: 'contains', filter: 'permesso' } } });
    expect(permits.total).toBe(77);

    const target = open.rows[5]!;
    const byProtocol = await page({
      filters: { protocol: { filterType: 'text', type: 'equals', filter: `${target.protocolNumber}/${target.protocolYear}` } },
    });
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
        daysLeft: {
          filterType: 'number',
          operator: 'OR',
          conditions: [
            { filterType: 'number', type: 'lessThan', filter: -5 },
            { filterType: 'number', type: 'greaterThan', filter: 25 },
          ],
        },
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
    const withForeignCursor = await page({
      sort: [{ colId: 'applicantName', sort: 'asc' }],
      startRow: 0,
      endRow: 50,
      cursor: byDue.nextCursor,
    });
    const fresh = await page({ sort: [{ colId: 'applicantName', sort: 'asc' }], startRow: 0, endRow: 50 });
    expect(withForeignCursor.rows.map((r) => r.id)).toEqual(fresh.rows.map((r) => r.id));
  });
});

describe('the worklist counts at most WORKLIST_COUNT_LIMIT matches and says when there are more', () => {
  let db: TestDatabase;
  let clerkDb: Knex;
  let viewer: WorklistViewer;
  const BEYOND_LIMIT = 50;

  const page = (input: Partial<WorklistQueryInput>) =>
    readWorklistPage(clerkDb, WorklistQuery.parse({ scope: 'office', startRow: 0, endRow: 100, ...input }), viewer);

  beforeAll(async () => {
    db = await createTestDatabase();
    const ente = await createEnte(db.admin);
    const clerk = await db.createStaff({ enteId: ente.enteId, role: 'clerk', officeIds: [ente.offices.anagrafe] });
    const person = await createPerson(db.admin, ente.enteId, { lastName: 'Moltiplicato', firstName: 'Carlo' });
    // WORKLIST_COUNT_LIMIT received cases and BEYOND_LIMIT in progress, in one statement.
    await db.admin.raw(
      `INSERT INTO scrivania.instances (ente_id, office_id, procedure_type_id, applicant_person_id, subject, channel, status,
                                        protocol_register_id, protocol_year, protocol_number, received_at, due_date)
       SELECT ?, ?, ?, ?, 'Cambio di residenza ' || n, 'online', CASE WHEN n <= ? THEN 'received' ELSE 'in_progress' END,
              ?, 2026, n, timestamptz '2026-01-01 09:00+01' + n * interval '1 minute', date '2026-03-01' + (n % 60)
         FROM generate_series(1, ?) AS n`,
      [
        ente.enteId,
        ente.offices.anagrafe,
        ente.procedures.residenza,
        person,
        WORKLIST_COUNT_LIMIT,
        ente.registerId,
        WORKLIST_COUNT_LIMIT + BEYOND_LIMIT,
      ],
    );
    await db.admin.raw('ANALYZE scrivania.instances');
    clerkDb = db.connectAs(clerk);
    viewer = { staffId: clerk.id, officeIds: [ente.offices.anagrafe] };
  });

  afterAll(async () => {
    await db.drop();
  });

  it('over the limit the total is the limit, marked as a lower bound', async () => {
    const result = await page({});
    expect(result.total).toBe(WORKLIST_COUNT_LIMIT);
    expect(result.totalIsLowerBound).toBe(true);
    expect(result.rows).toHaveLength(100);
  });

  it('the list itself does not stop at the limit: the rows beyond it are still served', async () => {
    const beyond = await page({
      sort: [{ colId: 'protocol', sort: 'asc' }],
      startRow: WORKLIST_COUNT_LIMIT,
      endRow: WORKLIST_COUNT_LIMIT + 100,
    });
    expect(beyond.rows.map((row) => row.protocolNumber)).toEqual(
      Array.from({ length: BEYOND_LIMIT }, (_, i) => WORKLIST_COUNT_LIMIT + 1 + i),
    );
    expect(beyond.total).toBeNull();
    expect(beyond.nextCursor).toBeNull();
  });

  it('exactly the limit is an exact total, and fewer matches are counted exactly', async () => {
    const received = await page({ filters: { status: { filterType: 'status', values: ['received'] } } });
    expect(received).toMatchObject({ total: WORKLIST_COUNT_LIMIT, totalIsLowerBound: false });
    const inProgress = await page({ filters: { status: { filterType: 'status', values: ['in_progress'] } } });
    expect(inProgress).toMatchObject({ total: BEYOND_LIMIT, totalIsLowerBound: false });
  });

  it('a search over the limit is capped the same way', async () => {
    const result = await page({ search: 'residenza' });
    expect(result).toMatchObject({ total: WORKLIST_COUNT_LIMIT, totalIsLowerBound: true });
  });
});

describe('search, applicant and open-case filters never show what row-level security hides', () => {
  let db: TestDatabase;
  let ente: EnteFixture;
  let other: EnteFixture;
  let clerk: TestStaff;
  let clerkDb: Knex;
  let adminDb: Knex;
  /** Case ids by where they are: the clerk's office, a colleague office of the same ente, another ente. */
  const cases = { mine: [] as number[], otherOffice: [] as number[], otherEnte: [] as number[] };
  let decidedNotClosed: number;

  const ids = (rows: Array<{ id: number | string }>) => rows.map((row) => Number(row.id)).sort((a, b) => a - b);
  const sorted = (values: number[]) => [...values].sort((a, b) => a - b);

  beforeAll(async () => {
    db = await createTestDatabase();
    ente = await createEnte(db.admin, 'Comune di Sopra');
    other = await createEnte(db.admin, 'Comune di Sotto');
    clerk = await db.createStaff({ enteId: ente.enteId, role: 'clerk', officeIds: [ente.offices.anagrafe] });
    const admin = await db.createStaff({ enteId: ente.enteId, role: 'admin', officeIds: [ente.offices.protocollo] });
    clerkDb = db.connectAs(clerk);
    adminDb = db.connectAs(admin);

    // The same surname, subject words and protocol number everywhere.
    const here = await createPerson(db.admin, ente.enteId, { lastName: 'Bianchi', firstName: 'Ada', sex: 'F' });
    const there = await createPerson(db.admin, other.enteId, { lastName: 'Bianchi', firstName: 'Ada', sex: 'F' });
    const place = [
      ['mine', ente, ente.offices.anagrafe, ente.procedures.residenza, here],
      ['otherOffice', ente, ente.offices.edilizia, ente.procedures.scia, here],
      ['otherEnte', other, other.offices.anagrafe, other.procedures.residenza, there],
    ] as const;
    for (const [where, owner, officeId, procedureTypeId, personId] of place) {
      for (const subject of ['Cambio di residenza in via Lunga 5', 'Richiesta per il civico 77 di Borgo Segreto']) {
        cases[where].push(await createInstance(db.admin, owner, { officeId, procedureTypeId, personId, subject }));
      }
    }
    decidedNotClosed = await createInstance(db.admin, ente, {
      officeId: ente.offices.anagrafe,
      procedureTypeId: ente.procedures.residenza,
      personId: here,
      subject: 'Decisa, da archiviare',
      status: 'accepted',
    });
    await db.admin('scrivania.instances').where({ id: decidedNotClosed }).update({ closed_at: null });
    cases.mine.push(decidedNotClosed);
  });

  afterAll(async () => {
    await db.drop();
  });

  it('the search function returns exactly the matching cases of the caller’s offices, whatever matches elsewhere', async () => {
    for (const search of ['bianchi', 'segreto', 'via lunga', 'BNC', 'zzz']) {
      // The definition, read as superuser: the search text contains the words, in the clerk's office.
      const expected = await db
        .admin('scrivania.instances')
        .where({ ente_id: ente.enteId, office_id: ente.offices.anagrafe })
        .whereRaw('search_text LIKE ?', [`%${search.toLowerCase()}%`])
        .select('id');
      const found = await clerkDb.raw<{ rows: Array<{ id: string }> }>(
        'SELECT scrivania.worklist_search_ids(?, NULL, NULL, NULL, NULL) AS id',
        [search],
      );
      expect(ids(found.rows), search).toEqual(ids(expected));
      for (const id of ids(found.rows)) expect(cases.mine, search).toContain(id);
    }
    const bianchi = await clerkDb.raw<{ rows: Array<{ id: string }> }>(
      `SELECT scrivania.worklist_search_ids('bianchi', NULL, NULL, NULL, NULL) AS id`,
    );
    expect(ids(bianchi.rows)).toEqual(sorted(cases.mine));
  });

  it('a protocol number shared with other offices and enti finds only the visible case', async () => {
    // One register per ente: the colleague office's case has the number in another year.
    const renumber = (id: number, year: number) =>
      db.admin('scrivania.instances').where({ id }).update({ protocol_number: 900001, protocol_year: year });
    await renumber(cases.mine[0]!, 2026);
    await renumber(cases.otherOffice[0]!, 2025);
    await renumber(cases.otherEnte[0]!, 2026);
    for (const [search, year] of [
      ['0900001/2026', 2026],
      ['900001', null],
    ] as const) {
      const found = await clerkDb.raw<{ rows: Array<{ id: string }> }>(
        'SELECT scrivania.worklist_search_ids(?, 900001, ?::integer, NULL, NULL) AS id',
        [search, year],
      );
      expect(ids(found.rows), search).toEqual([cases.mine[0]]);
    }
  });

  it('the applicant function matches names and codici fiscali of the caller’s cases only', async () => {
    const byName = await clerkDb.raw<{ rows: Array<{ id: string }> }>(
      `SELECT scrivania.worklist_applicant_ids('%bianchi%', NULL, NULL) AS id`,
    );
    expect(ids(byName.rows)).toEqual(sorted(cases.mine));
    const byTaxCode = await clerkDb.raw<{ rows: Array<{ id: string }> }>(
      `SELECT scrivania.worklist_applicant_ids('bnc%', NULL, NULL) AS id`,
    );
    expect(ids(byTaxCode.rows)).toEqual(sorted(cases.mine));
  });

  it('the scope handed to the lookups narrows what they return and never widens it', async () => {
    const search = (offices: number[] | null, assignee: number | null) =>
      clerkDb.raw<{ rows: Array<{ id: string }> }>(
        `SELECT scrivania.worklist_search_ids('bianchi', NULL, NULL, ?::integer[], ?::integer) AS id`,
        [offices, assignee],
      );
    const applicant = (offices: number[] | null, assignee: number | null) =>
      clerkDb.raw<{ rows: Array<{ id: string }> }>(`SELECT scrivania.worklist_applicant_ids('%bianchi%', ?::integer[], ?::integer) AS id`, [
        offices,
        assignee,
      ]);
    for (const lookup of [search, applicant]) {
      expect(ids((await lookup([ente.offices.edilizia, other.offices.anagrafe], null)).rows)).toEqual([]);
      expect(ids((await lookup([ente.offices.anagrafe, ente.offices.edilizia], null)).rows)).toEqual(sorted(cases.mine));
      expect(ids((await lookup(null, clerk.id)).rows)).toEqual([]);
    }
    await db.admin('scrivania.instances').where({ id: cases.mine[1] }).update({ assignee_id: clerk.id });
    for (const lookup of [search, applicant]) expect(ids((await lookup(null, clerk.id)).rows)).toEqual([cases.mine[1]]);
  });

  it('an administrator’s search spans the offices of their ente, never another ente', async () => {
    const found = await adminDb.raw<{ rows: Array<{ id: string }> }>(
      `SELECT scrivania.worklist_search_ids('bianchi', NULL, NULL, NULL, NULL) AS id`,
    );
    expect(ids(found.rows)).toEqual(sorted([...cases.mine, ...cases.otherOffice]));
  });

  it('the worklist with a forged scope still shows only the visible cases when searching or filtering by applicant', async () => {
    const forged: WorklistViewer = { staffId: clerk.id, officeIds: [ente.offices.anagrafe, ente.offices.edilizia, other.offices.anagrafe] };
    const read = (input: Partial<WorklistQueryInput>) =>
      readWorklistPage(clerkDb, WorklistQuery.parse({ scope: 'office', startRow: 0, endRow: 100, ...input }), forged);
    const searched = await read({ search: 'bianchi' });
    expect(ids(searched.rows)).toEqual(sorted(cases.mine));
    expect(searched.total).toBe(cases.mine.length);
    const filtered = await read({ filters: { applicantName: { filterType: 'text', type: 'contains', filter: 'BIANCHI' } } });
    expect(ids(filtered.rows)).toEqual(sorted(cases.mine));
  });

  it('"open cases" are the ones not closed: a decided case waiting to be filed is still open', async () => {
    const read = (input: Partial<WorklistQueryInput>) =>
      readWorklistPage(clerkDb, WorklistQuery.parse({ scope: 'office', startRow: 0, endRow: 100, ...input }), {
        staffId: clerk.id,
        officeIds: [ente.offices.anagrafe],
      });
    const open = await read({ filters: { status: { filterType: 'status', openOnly: true } } });
    expect(ids(open.rows)).toEqual(sorted(cases.mine));
    await db.admin('scrivania.instances').where({ id: decidedNotClosed }).update({ closed_at: '2026-04-02T10:00:00+02:00' });
    const afterClosing = await read({ filters: { status: { filterType: 'status', openOnly: true } } });
    expect(ids(afterClosing.rows)).toEqual(sorted(cases.mine.filter((id) => id !== decidedNotClosed)));
    const closedAccepted = await read({ filters: { status: { filterType: 'status', values: ['accepted'], openOnly: false } } });
    expect(ids(closedAccepted.rows)).toEqual([decidedNotClosed]);
  });
});
