import { Shell } from './pages/Shell';
import { SignInPage } from './pages/SignInPage';
import { StaffPage } from './pages/StaffPage';
import { WorklistPage } from './pages/WorklistPage';
import { withAppDatabase } from './support/database';
import { expect, test } from './support/fixtures';

test.describe('staff administration', () => {
  test('an administrator creates a clerk, who can sign in; once disabled, the clerk is told so', async ({ app }) => {
    const username = `nuovo.${Date.now().toString(36)}`;
    const password = 'Benvenuto.2026';
    const anagrafeId = await withAppDatabase(async (db) => (await db.query<{ id: number }>(`SELECT id FROM scrivania.offices WHERE code = 'DEMOGRAFICI'`)).rows[0]!.id);

    const signIn = new SignInPage(app);
    const shell = new Shell(app);
    const staff = new StaffPage(app);
    await signIn.signIn('a.bianchi', 'Scrivania.2026');
    await shell.navStaff.click();
    await staff.create({ username, fullName: 'Nuova Collega', email: `${username}@example.it`, role: 'clerk', officeIds: [anagrafeId], password });
    await expect(staff.notice).toContainText(username);
    await expect(staff.rowFor(username)).toContainText('Nuova Collega');

    // The same username again is refused, with the reason.
    await staff.create({ username, fullName: 'Doppione', email: '', role: 'clerk', officeIds: [anagrafeId], password });
    await expect(staff.formError).toContainText(/già/);
    await app.keyboard.press('Escape');

    await shell.signOut();
    await signIn.signIn(username, password);
    await expect(shell.user).toContainText('Nuova Collega');
    await new WorklistPage(app).count.waitFor();
    await shell.signOut();

    await signIn.signIn('a.bianchi', 'Scrivania.2026');
    await shell.navStaff.click();
    await staff.toggle(username);
    await expect(staff.rowFor(username)).toContainText('Disattivato');
    await shell.signOut();

    await signIn.signIn(username, password);
    await expect(signIn.error).toContainText('disattivato');

    const role = await withAppDatabase(async (db) => (await db.query<{ rolcanlogin: boolean }>('SELECT rolcanlogin FROM pg_roles WHERE rolname = $1', [username])).rows[0]);
    expect(role).toEqual({ rolcanlogin: false });
  });

  test('a clerk does not see the staff screen', async ({ app }) => {
    await new SignInPage(app).signIn('g.greco', 'Scrivania.2026');
    const shell = new Shell(app);
    await expect(shell.user).toContainText('Giuseppe Greco');
    await expect(shell.navStaff).toHaveCount(0);
  });
});
