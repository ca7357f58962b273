import { Shell } from './pages/Shell';
import { SignInPage } from './pages/SignInPage';
import { WorklistPage } from './pages/WorklistPage';
import { withAppDatabase } from './support/database';
import { expect, test } from './support/fixtures';

const USER = 's.moretti';
/** The grid's default: open cases, i.e. not closed (a decided case stays open until it is filed). */
const OPEN = 'i.closed_at IS NULL';

/** The instances of USER in a given order, as the database holds them (by default: the open ones). */
async function expectedRows(orderBy: string, where = OPEN, params: unknown[] = []) {
  return withAppDatabase(async (db) => {
    const result = await db.query<{ protocol: string; applicant_name: string; id: number }>(
      `SELECT lpad(i.protocol_number::text, 7, '0') || '/' || i.protocol_year AS protocol, i.applicant_name, i.id
         FROM scrivania.instances i JOIN scrivania.staff s ON s.id = i.assignee_id
        WHERE s.username = $1 AND ${where}
        ORDER BY ${orderBy}`,
      [USER, ...params],
    );
    return result.rows;
  });
}

test.describe('Le mie pratiche', () => {
  test.beforeEach(async ({ app }) => {
    // Each test meets the worklist as a person who has never arranged it (the list reopens as it was left).
    await withAppDatabase((db) =>
      db.query(`DELETE FROM scrivania.worklist_remembered_views r USING scrivania.staff s WHERE s.id = r.staff_id AND s.username = $1`, [
        USER,
      ]),
    );
    await new SignInPage(app).signIn(USER, 'Scrivania.2026');
    await new WorklistPage(app).waitForRows();
  });

  test('shows the open cases of the user, most urgent first, with the right total', async ({ app }) => {
    const worklist = new WorklistPage(app);
    const expected = await expectedRows('i.due_date, i.id');
    expect(expected.length).toBeGreaterThan(5);
    expect(await worklist.total()).toBe(expected.length);
    expect(await worklist.columnTexts('protocol', 5)).toEqual(expected.slice(0, 5).map((r) => r.protocol));
  });

  test('pages through the server as the user scrolls: a row of a later block is the right one', async ({ app }) => {
    const worklist = new WorklistPage(app);
    await worklist.showAllStatuses();
    const expected = await expectedRows('i.due_date, i.id', 'true');
    expect(expected.length).toBeGreaterThan(250);
    await expect(worklist.count).toContainText(expected.length.toLocaleString('it-IT'));
    for (const index of [150, 240]) {
      await worklist.scrollToRow(index);
      expect(await worklist.cellText(index, 'protocol')).toBe(expected[index]!.protocol);
    }
  });

  test('sorts on the server when a column header is clicked', async ({ app }) => {
    const worklist = new WorklistPage(app);
    await worklist.showAllStatuses();
    await worklist.sortBy('applicantName');
    const expected = await expectedRows('i.applicant_name, i.id', 'true');
    await expect(worklist.cell(0, 'protocol')).toHaveText(expected[0]!.protocol);
    expect(await worklist.columnTexts('protocol', 5)).toEqual(expected.slice(0, 5).map((r) => r.protocol));
    await worklist.scrollToRow(180);
    expect(await worklist.cellText(180, 'protocol')).toBe(expected[180]!.protocol);
    await worklist.sortBy('applicantName');
    const descending = await expectedRows('i.applicant_name DESC, i.id DESC', 'true');
    await expect(worklist.cell(0, 'protocol')).toHaveText(descending[0]!.protocol);
  });

  test('filters on the server by applicant, and the total follows', async ({ app }) => {
    const worklist = new WorklistPage(app);
    await worklist.showAllStatuses();
    const all = await expectedRows('i.due_date, i.id', 'true');
    const surname = all[0]!.applicant_name.split(' ')[0]!;
    const expected = await expectedRows('i.due_date, i.id', '(i.applicant_name ILIKE $2 OR i.applicant_tax_code ILIKE $2)', [
      `%${surname}%`,
    ]);
    await worklist.filterText('applicantName', surname);
    await expect(worklist.count).toContainText(String(expected.length));
    expect(await worklist.total()).toBe(expected.length);
    const shown = Math.min(expected.length, 5);
    for (let i = 0; i < shown; i += 1) await expect(worklist.cell(i, 'applicantName')).toContainText(surname);
  });

  test('the search box finds a case by its protocol number', async ({ app }) => {
    const worklist = new WorklistPage(app);
    const [target] = (await expectedRows('i.due_date DESC, i.id DESC')).slice(0, 1);
    await worklist.search.fill(target!.protocol);
    await expect(worklist.count).toContainText(/^1\b/);
    await expect(worklist.cell(0, 'protocol')).toHaveText(target!.protocol);
  });

  test('the status filter starts on the open cases; unticking "open only" brings back the closed ones', async ({ app }) => {
    const worklist = new WorklistPage(app);
    const open = await expectedRows('i.due_date, i.id');
    const all = await expectedRows('i.due_date, i.id', 'true');
    expect(all.length).toBeGreaterThan(open.length);
    expect(await worklist.total()).toBe(open.length);
    await worklist.openColumnFilter('status');
    const openOnly = app.getByTestId('status-filter-open-only');
    await expect(openOnly).toBeChecked();
    await app.screenshot({ path: 'test-results/worklist-status-filter.png' });
    await openOnly.uncheck();
    await app.keyboard.press('Escape');
    await expect(worklist.count).toHaveText(`${all.length.toLocaleString('it-IT')} pratiche`);
    await expect(worklist.cell(0, 'protocol')).toHaveText(all[0]!.protocol);
  });

  test('the office worklist shows colleagues’ cases too', async ({ app }) => {
    const worklist = new WorklistPage(app);
    const mine = await worklist.total();
    await new Shell(app).navOffice.click();
    await expect.poll(() => worklist.total()).toBeGreaterThan(mine);
  });
});
