import { Shell } from './pages/Shell';
import { SignInPage } from './pages/SignInPage';
import { WorklistPage } from './pages/WorklistPage';
import { startBrowserMode, type RunningApp } from './support/browserMode';
import { TcpProxy } from './support/tcpProxy';
import { expect, test } from './support/fixtures';

/**
 * The central-server setup: the app is pointed at a PostgreSQL server by DATABASE_URL (here the
 * demo database, reached through a proxy the test can cut). The app must say when the server is
 * unreachable, keep what the user typed, and reconnect by itself.
 */
test.describe('central server: unreachable and back', () => {
  let proxy: TcpProxy;
  let central: RunningApp;

  test.beforeAll(async () => {
    proxy = new TcpProxy(Number(process.env.SCRIVANIA_E2E_DB_PORT));
    await proxy.start();
    central = await startBrowserMode({ DATABASE_URL: `postgres://127.0.0.1:${proxy.port}/scrivania`, SCRIVANIA_DATA_DIR: `${process.env.SCRIVANIA_E2E_DATA_DIR}/central-client` });
  });

  test.afterAll(async () => {
    await central?.stop();
    await proxy?.cut();
  });

  test('says the server is unreachable, keeps the typed search, and recovers by itself', async ({ page }) => {
    await page.goto(central.launchUrl);
    const signIn = new SignInPage(page);
    await expect(signIn.database).toContainText(`127.0.0.1:${proxy.port}/scrivania`);
    await signIn.signIn('s.moretti', 'Scrivania.2026');
    const shell = new Shell(page);
    const worklist = new WorklistPage(page);
    await worklist.waitForRows();
    await expect(shell.database).toContainText('Server centrale');
    const surname = (await worklist.cellText(0, 'applicantName')).split(' ')[0]!;

    await proxy.cut();
    await worklist.search.fill(surname);
    await expect(shell.connectionBanner).toBeVisible({ timeout: 15_000 });
    await expect(shell.connection).toContainText('Non in linea');
    await expect(worklist.search).toHaveValue(surname);

    await proxy.restore();
    await expect(shell.connectionBanner).toBeHidden({ timeout: 15_000 });
    await expect(worklist.search).toHaveValue(surname);
    await worklist.waitForRows();
    await expect(worklist.cell(0, 'applicantName')).toContainText(surname);
  });

  test('signing in while the server is unreachable says so and keeps the credentials typed', async ({ page }) => {
    await page.goto(central.launchUrl);
    const signIn = new SignInPage(page);
    await proxy.cut();
    try {
      await signIn.signIn('s.moretti', 'Scrivania.2026');
      await expect(signIn.error).toContainText('non è raggiungibile');
      await expect(signIn.username).toHaveValue('s.moretti');
      await expect(signIn.password).toHaveValue('Scrivania.2026');
    } finally {
      await proxy.restore();
    }
    await signIn.submit.click();
    await expect(new Shell(page).user).toContainText('Stefano Moretti');
  });
});
