/**
 * The managers' dashboard through the real UI (issue 6, item 10): a manager opens "Carichi di
 * lavoro", drills from the overdue bar to its cases, bulk-reassigns three of them to a colleague
 * with a reason; the colleague's open worklist shows them without reloading; the tacit-approval
 * risk list matches each case's procedure clock.
 *
 * It runs its own browser-mode instance (fresh embedded database with the demo Comune), since it
 * changes who holds what, and one browser context per person.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { addDays, todayInRome } from '../../src/shared/domain/calendar';
import { CasePage } from './pages/casePage';
import { SignInPage } from './pages/SignInPage';
import { WorklistPage } from './pages/WorklistPage';
import { WorkloadPage } from './pages/workloadPage';
import { startBrowserMode, type RunningApp } from './support/browserMode';
import { withAppDatabase } from './support/database';

const PASSWORD = 'Scrivania.2026';
const MANAGER = 'm.colombo'; // Edilizia (SUE), SUAP, Lavori pubblici, Polizia locale
const COLLEAGUE = { username: 'f.gallo', name: 'Francesca Gallo' }; // technician, Sportello unico edilizia
const OFFICE = 'Sportello unico edilizia';
const REASON = 'Riequilibrio dei carichi: pratiche scadute affidate a chi ha più spazio';
const RISK_DAYS = 30;
const SCREENSHOTS = process.env.SCRIVANIA_E2E_SCREENSHOTS ?? path.join(os.tmpdir(), 'scrivania-workload-screenshots');

let app: RunningApp;
let appDatabase: { dataDir: string; databasePort: number };
let dataDir: string;

const query = <T>(sql: string, params: unknown[] = []) =>
  withAppDatabase(async (db) => (await db.query(sql, params)).rows as T[], appDatabase);

async function signedIn(browser: Browser, username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'it-IT', timezoneId: 'Europe/Rome' });
  const page = await context.newPage();
  await page.goto(app.launchUrl);
  await new SignInPage(page).signIn(username, PASSWORD);
  await expect(page.getByTestId('statusbar-user')).toBeVisible();
  return page;
}

function shot(page: Page, name: string): Promise<Buffer> {
  return page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

test.describe('workload dashboard: from the overdue bar to a bulk reassignment, live on the colleague’s worklist', () => {
  test.beforeAll(async () => {
    test.setTimeout(180_000);
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scrivania-e2e-workload-'));
    fs.chmodSync(dataDir, 0o755);
    app = await startBrowserMode({ SCRIVANIA_DATA_DIR: dataDir });
    appDatabase = { dataDir, databasePort: app.databasePort };
  });

  test.afterAll(async () => {
    await app?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('a manager drills from the overdue bar and reassigns three cases; the colleague sees them at once', async ({ browser }) => {
    test.setTimeout(120_000);
    const colleague = await signedIn(browser, COLLEAGUE.username);
    const colleagueList = new WorklistPage(colleague);
    await colleagueList.waitForRows();
    const before = await colleagueList.total();

    const manager = await signedIn(browser, MANAGER);
    const workload = new WorkloadPage(manager);
    await workload.open();
    await workload.scopeTo('office', OFFICE);

    const { overdue } = (
      await query<{ overdue: number }>(
        `SELECT count(*)::integer AS overdue FROM scrivania.instances i JOIN scrivania.offices o ON o.id = i.office_id
        WHERE o.name = $1 AND i.closed_at IS NULL AND i.decided_at IS NULL AND i.due_date < $2::date`,
        [OFFICE, todayInRome()],
      )
    )[0]!;
    expect(overdue).toBeGreaterThanOrEqual(3);
    await expect(manager.getByTestId('bar-overdue-value')).toHaveText(String(overdue));
    await shot(manager, '01-dashboard-office');

    await test.step('the overdue bar opens the grid of exactly those cases', async () => {
      await workload.bar('overdue').click();
      expect(await workload.drillTotal()).toBe(overdue);
      await expect(workload.drillRow(0).locator('[col-id="daysLeft"]')).toContainText('scaduta');
    });

    const chosen: string[] = [];
    await test.step('three cases not held by the colleague are ticked and reassigned to her with a reason', async () => {
      for (let index = 0; chosen.length < 3 && index < overdue; index += 1) {
        if ((await workload.drillCell(index, 'assigneeName')) === COLLEAGUE.name) continue;
        await workload.tick(index);
        chosen.push(await workload.drillCell(index, 'protocol'));
      }
      expect(chosen).toHaveLength(3);
      await expect(workload.bulkCount).toHaveText('3 selezionate');
      await shot(manager, '02-drill-selected');
      await workload.reassign(COLLEAGUE.name, REASON);
      await expect(workload.bulkOutcome).toHaveText(`3 pratiche riassegnate a ${COLLEAGUE.name}.`);
      await shot(manager, '03-reassigned');
    });

    await test.step('the history of each case records the reassignment, its reason and who made it; the batch is traced', async () => {
      const rows = await query<{ protocol: string; holder: string; reason: string; actor: string; method: string }>(
        `SELECT lpad(i.protocol_number::text, 7, '0') || '/' || i.protocol_year AS protocol, s.username AS holder,
                e.reason, e.actor_login AS actor, b.method
           FROM scrivania.instances i
           JOIN scrivania.staff s ON s.id = i.assignee_id
           JOIN scrivania.instance_events e ON e.instance_id = i.id AND e.action = 'assign'
           JOIN scrivania.assignment_batch_cases bc ON bc.instance_id = i.id
           JOIN scrivania.assignment_batches b ON b.id = bc.batch_id
          WHERE lpad(i.protocol_number::text, 7, '0') || '/' || i.protocol_year = ANY ($1::text[])`,
        [chosen],
      );
      expect(rows.map((row) => row.protocol).sort()).toEqual([...chosen].sort());
      for (const row of rows) expect(row).toMatchObject({ holder: COLLEAGUE.username, reason: REASON, actor: MANAGER, method: 'bulk' });
    });

    await test.step('the colleague’s open worklist shows the three cases without reloading', async () => {
      await expect(colleagueList.count).toContainText(String(before + 3), { timeout: 15_000 });
      for (const protocol of chosen) {
        await colleagueList.search.fill(protocol);
        await expect(colleagueList.count).toHaveText('1 pratica');
        await expect(colleagueList.cell(0, 'protocol')).toHaveText(protocol);
      }
      await colleagueList.search.fill('');
      await shot(colleague, '04-colleague-worklist');
    });

    await test.step('the dashboard follows by itself: the three are no longer anyone else’s overdue', async () => {
      await expect(workload.drillTitle).toBeVisible();
      const { heldByColleague } = (
        await query<{ heldByColleague: number }>(
          `SELECT count(*)::integer AS "heldByColleague" FROM scrivania.instances i JOIN scrivania.staff s ON s.id = i.assignee_id
          WHERE s.username = $1 AND i.closed_at IS NULL`,
          [COLLEAGUE.username],
        )
      )[0]!;
      expect(heldByColleague).toBe(before + 3);
    });
    await colleague.context().close();
    await manager.context().close();
  });

  test('worklists: unassigned cases taken in charge together; a saved view the list opens with; reopened as it was left', async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const page = await signedIn(browser, COLLEAGUE.username);
    const worklist = new WorklistPage(page);
    const manager = await signedIn(browser, MANAGER);
    const workload = new WorkloadPage(manager);
    await workload.open();
    await workload.scopeTo('office', OFFICE);
    const unassignedBefore = await workload.barValue('unassigned');

    await test.step('two cases of the unassigned queue are taken in charge at once; the manager’s dashboard follows', async () => {
      await page.getByTestId('nav-unassigned').click();
      await worklist.waitForRows();
      const protocols = [await worklist.cellText(0, 'protocol'), await worklist.cellText(1, 'protocol')];
      for (const index of [0, 1]) await worklist.row(index).locator('.ag-selection-checkbox input').first().check();
      await expect(page.getByTestId('worklist-bulk-count')).toHaveText('2 selezionate');
      await page.getByTestId('worklist-bulk-take').click();
      await expect(page.getByTestId('worklist-bulk-outcome')).toHaveText('2 pratiche prese in carico.');
      const held = await query<{ protocol: string; holder: string; status: string }>(
        `SELECT lpad(i.protocol_number::text, 7, '0') || '/' || i.protocol_year AS protocol, s.username AS holder, i.status
           FROM scrivania.instances i JOIN scrivania.staff s ON s.id = i.assignee_id
          WHERE lpad(i.protocol_number::text, 7, '0') || '/' || i.protocol_year = ANY ($1::text[])`,
        [protocols],
      );
      expect(held.map((row) => [row.holder, row.status])).toEqual([
        [COLLEAGUE.username, 'in_progress'],
        [COLLEAGUE.username, 'in_progress'],
      ]);
      await expect.poll(() => workload.barValue('unassigned'), { timeout: 15_000 }).toBe(unassignedBefore - 2);
      await manager.context().close();
    });

    await test.step('a view sorted by applicant is saved as the one the list opens with, and is there after a reload', async () => {
      await page.getByTestId('nav-mine').click();
      await worklist.waitForRows();
      // The search of the first test (a protocol number) is not remembered: the whole list is back.
      await expect(worklist.search).toHaveValue('');
      await worklist.sortBy('applicantName');
      const first = (
        await query<{ applicant: string }>(
          `SELECT i.applicant_name AS applicant FROM scrivania.instances i JOIN scrivania.staff s ON s.id = i.assignee_id
            WHERE s.username = $1 AND i.closed_at IS NULL ORDER BY i.applicant_name, i.id LIMIT 1`,
          [COLLEAGUE.username],
        )
      )[0]!.applicant;
      await expect(worklist.cell(0, 'applicantName')).toContainText(first);
      await page.getByTestId('worklist-view-save').click();
      await page.getByTestId('worklist-view-name').fill('Per richiedente');
      await page.getByText("Apri l'elenco con questa vista").click();
      await page.getByTestId('worklist-view-confirm').click();
      await expect(page.getByTestId('worklist-view-select')).toContainText('Per richiedente (predefinita)');

      await page.reload();
      await worklist.waitForRows();
      await expect(page.getByTestId('worklist-view-select').locator('option:checked')).toHaveText('Per richiedente (predefinita)');
      await expect(worklist.cell(0, 'applicantName')).toContainText(first);
      await shot(page, '06-worklist-saved-view');
      await page.getByTestId('worklist-view-delete').click();
      await expect(page.getByTestId('worklist-view-select').locator('option')).toHaveCount(1);
    });

    await test.step('without a view to open with, the list reopens at her next sign-in as she left it, without the one-off search', async () => {
      const listed = await worklist.total();
      const surname = (await worklist.cellText(0, 'applicantName')).split(' ')[0]!;
      await worklist.search.fill(surname);
      await worklist.sortBy('dueDate');
      await expect(worklist.grid.locator('.ag-header-cell[col-id="dueDate"]')).toHaveAttribute('aria-sort', 'ascending');
      await expect(worklist.cell(0, 'applicantName')).toContainText(surname);
      await expect
        .poll(async () => {
          const rows = await query<{ search: string | null; sorted: string | null }>(
            `SELECT r.state->>'search' AS search, r.state->'sort'->0->>'colId' AS sorted
               FROM scrivania.worklist_remembered_views r JOIN scrivania.staff s ON s.id = r.staff_id
              WHERE s.username = $1 AND r.scope = 'mine'`,
            [COLLEAGUE.username],
          );
          return rows[0] ?? null;
        })
        .toEqual({ search: null, sorted: 'dueDate' });
      await page.context().close();

      const again = await signedIn(browser, COLLEAGUE.username);
      const reopened = new WorklistPage(again);
      await reopened.waitForRows();
      await expect(reopened.search).toHaveValue('');
      await expect(reopened.grid.locator('.ag-header-cell[col-id="dueDate"]')).toHaveAttribute('aria-sort', 'ascending');
      await expect(reopened.count).toHaveText(`${listed} ${listed === 1 ? 'pratica' : 'pratiche'}`);
      await expect(again.getByTestId('worklist-view-select').locator('option:checked')).toHaveText('Vista standard');
      await again.context().close();
    });
  });

  test('the tacit-approval risk list matches each case’s procedure clock', async ({ browser }) => {
    test.setTimeout(120_000);
    const manager = await signedIn(browser, MANAGER);
    const workload = new WorkloadPage(manager);
    await workload.open();
    await workload.riskDays.fill(String(RISK_DAYS));
    const today = todayInRome();
    const expected = await query<{ id: number; tacit: string }>(
      `SELECT i.id, to_char(i.tacit_approval_on, 'DD/MM/YYYY') AS tacit
         FROM scrivania.instances i
        WHERE i.office_id IN (SELECT so.office_id FROM scrivania.staff_offices so JOIN scrivania.staff s ON s.id = so.staff_id WHERE s.username = $1)
          AND i.closed_at IS NULL AND i.decided_at IS NULL AND i.tacit_approval_on BETWEEN $2::date AND $3::date
        ORDER BY i.tacit_approval_on, i.id`,
      [MANAGER, today, addDays(today, RISK_DAYS)],
    );
    expect(expected.length).toBeGreaterThan(0);
    await expect(workload.tacitRows).toHaveCount(expected.length);
    await expect(manager.getByTestId('bar-tacitRisk-value')).toHaveText(String(expected.length));
    expect(await workload.tacitRows.evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-instance-id'))))).toEqual(
      expected.map((row) => Number(row.id)),
    );
    await shot(manager, '05-tacit-risk');

    const casePage = new CasePage(manager);
    for (const index of [...new Set([0, Math.floor(expected.length / 2), expected.length - 1])]) {
      const row = workload.tacitRows.nth(index);
      const listed = (await row.getByTestId('tacit-risk-date').innerText()).trim();
      expect(listed).toBe(expected[index]!.tacit);
      await row.getByRole('button').click();
      // The case screen computes the clock from the case's history: the same day silence becomes acceptance.
      await expect(manager.getByTestId('clock-tacit-approval')).toHaveText(listed);
      await casePage.close.click();
      await expect(workload.tacitRows.first()).toBeVisible();
    }
    await manager.context().close();
  });
});
