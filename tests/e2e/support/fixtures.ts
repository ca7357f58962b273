import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, test as base, type Page } from '@playwright/test';
import { electronBinaryPath } from './electron';

/**
 * `app` is the Scrivania window: the Electron app's first window where the binary exists, else a
 * Chromium tab on browser mode. Specs use page objects over it and never care which.
 */
export const test = base.extend<{ app: Page }>({
  app: async ({ page }, use) => {
    if (electronBinaryPath()) {
      const electronApp = await _electron.launch({
        args: [path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../.vite/build/main.cjs'), `--user-data-dir=${process.env.SCRIVANIA_E2E_DATA_DIR}`],
      });
      const window = await electronApp.firstWindow();
      await use(window);
      await electronApp.close();
      return;
    }
    await page.goto(process.env.SCRIVANIA_E2E_URL!);
    await use(page);
  },
});

export { expect } from '@playwright/test';
