import { Shell } from './pages/Shell';
import { SignInPage } from './pages/SignInPage';
import { WorklistPage } from './pages/WorklistPage';
import { expect, test } from './support/fixtures';

const DEMO_PASSWORD = 'Scrivania.2026';

test.describe('sign-in', () => {
  test('the sign-in screen says which database the app will use', async ({ app }) => {
    const signIn = new SignInPage(app);
    await signIn.expectVisible();
    await expect(signIn.database).toContainText('Database locale');
    await expect(signIn.username).toBeFocused();
  });

  test('a wrong password is refused with a clear message, and what was typed is kept', async ({ app }) => {
    const signIn = new SignInPage(app);
    await signIn.signIn('g.greco', 'password-sbagliata');
    await expect(signIn.error).toHaveText('Nome utente o password non corretti.');
    await expect(signIn.username).toHaveValue('g.greco');
    await expect(signIn.password).toBeFocused();
  });

  test('a demo clerk signs in and lands on their worklist, with who, where and which database in the status bar', async ({ app }) => {
    const signIn = new SignInPage(app);
    await signIn.signIn('g.greco', DEMO_PASSWORD);
    const shell = new Shell(app);
    await expect(shell.user).toContainText('Giuseppe Greco');
    await expect(shell.user).toContainText('Operatore di sportello');
    await expect(shell.ente).toContainText('Comune di');
    await expect(shell.database).toContainText('Database locale');
    await expect(shell.connection).toHaveText(/^\s*In linea\s*$/);
    await expect(shell.navMine).toHaveAttribute('aria-current', 'page');
    await expect(shell.navStaff).toHaveCount(0);
    const worklist = new WorklistPage(app);
    await worklist.waitForRows();
    expect(await worklist.total()).toBeGreaterThan(0);
    await shell.signOut();
    await signIn.expectVisible();
  });
});
