import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockOfCase } from '../../src/main/instances/caseClock';
import { selectCase, selectCaseEvents } from '../../src/main/instances/caseQueries';
import { computeDueDate } from '../../src/shared/domain/dueDate';
import { todayInRome } from '../../src/shared/domain/calendar';
import { TRANSITIONS } from '../../src/shared/domain/workflow';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { loadDemoEnte, type DemoEnte } from './workloadFixtures';

interface EventRow {
  instance_id: string;
  action: string;
  from_status: string | null;
  to_status: string;
  previous_to: string | null;
  clock_rule: string;
  office: string;
}

/** The demo cases' histories, as a manager reading the process figures and an auditor reading a case see them. */
describe('demo case histories', () => {
  let db: TestDatabase;
  let demo: DemoEnte;
  let events: EventRow[];

  beforeAll(async () => {
    db = await createTestDatabase();
    demo = await loadDemoEnte(db, { instances: 3000, persons: 300 });
    events = (
      await db.admin.raw<{ rows: EventRow[] }>(
        `SELECT e.instance_id, e.action, e.from_status, e.to_status, p.clock_rule, o.code AS office,
                lag(e.to_status) OVER (PARTITION BY e.instance_id ORDER BY e.id) AS previous_to
           FROM scrivania.instance_events e
           JOIN scrivania.instances i ON i.id = e.instance_id
           JOIN scrivania.procedure_types p ON p.id = i.procedure_type_id
           JOIN scrivania.offices o ON o.id = i.office_id
          ORDER BY e.instance_id, e.id`,
      )
    ).rows;
  }, 240_000);

  afterAll(async () => {
    await db.drop();
    await demo.dropRoles();
  });

  it('pauses 15–25% of the decided building and SUAP cases: documents requested and received, or a SCIA conformed', async () => {
    const { rows } = await db.admin.raw<{ rows: Array<{ decided: number; integration: number; conformation: number; elsewhere: number }> }>(
      `SELECT count(*) FILTER (WHERE o.code IN ('SUE', 'SUAP'))::integer AS decided,
              count(*) FILTER (WHERE o.code IN ('SUE', 'SUAP') AND EXISTS (
                SELECT 1 FROM scrivania.instance_events e WHERE e.instance_id = i.id AND e.action = 'receive_integration'))::integer AS integration,
              count(*) FILTER (WHERE o.code IN ('SUE', 'SUAP') AND EXISTS (
                SELECT 1 FROM scrivania.instance_events e WHERE e.instance_id = i.id AND e.action = 'receive_conformation'))::integer AS conformation,
              count(*) FILTER (WHERE o.code NOT IN ('SUE', 'SUAP') AND EXISTS (
                SELECT 1 FROM scrivania.instance_events e WHERE e.instance_id = i.id AND e.action IN ('request_integration', 'request_conformation')))::integer AS elsewhere
         FROM scrivania.instances i JOIN scrivania.offices o ON o.id = i.office_id
        WHERE i.decided_at IS NOT NULL`,
    );
    const [figures] = rows;
    const paused = figures!.integration + figures!.conformation;
    expect(paused / figures!.decided).toBeGreaterThanOrEqual(0.15);
    expect(paused / figures!.decided).toBeLessThanOrEqual(0.25);
    expect(figures!.conformation).toBeGreaterThan(0);
    expect(figures!.elsewhere).toBe(0);
  });

  it('takes only steps the workflow allows, each from the status the previous one left, as the law allows them', () => {
    const refused = events.filter((event) => {
      if (event.action === 'register') return event.previous_to !== null || event.to_status !== 'received';
      const allowed = TRANSITIONS.some((t) => t.action === event.action && t.from === event.from_status && t.to === event.to_status);
      return !allowed || event.from_status !== event.previous_to;
    });
    expect(refused).toEqual([]);
    // Conformation only on a SCIA (art. 19 c.3), which has no integration suspension nor preavviso (art. 10-bis).
    const onScia = new Set(events.filter((event) => event.clock_rule === 'scia').map((event) => event.action));
    expect(onScia).toContain('request_conformation');
    expect(onScia).not.toContain('request_integration');
    expect(onScia).not.toContain('send_preavviso');
    expect(events.some((event) => event.clock_rule !== 'scia' && event.action === 'request_conformation')).toBe(false);
  });

  it('keeps on each paused case the term its clock gives: the suspension moved the due date by the days it lasted', async () => {
    const pausedIds = [
      ...new Set(events.filter((event) => event.action === 'receive_integration').map((event) => Number(event.instance_id))),
    ];
    expect(pausedIds.length).toBeGreaterThan(10);
    const today = todayInRome();
    let moved = 0;
    for (const id of pausedIds.slice(0, 40)) {
      const row = (await selectCase(db.admin, id))!;
      const clock = clockOfCase(row, await selectCaseEvents(db.admin, id), today);
      expect(clock.status).toBe('stopped');
      expect(row.due_date).toBe(clock.dueDate);
      const unpaused = computeDueDate({
        receivedOn: todayInRome(row.received_at),
        termDays: row.legal_term_days,
        ...(row.patron_day ? { patronDay: row.patron_day } : {}),
      });
      expect(row.due_date >= unpaused).toBe(true);
      if (row.due_date > unpaused) moved++;
    }
    expect(moved).toBeGreaterThan(0);
  });
});
