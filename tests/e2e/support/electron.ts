import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The Electron binary, when it could be downloaded on this machine; null otherwise. */
export function electronBinaryPath(): string | null {
  if (process.env.SCRIVANIA_E2E_BROWSER_MODE === '1') return null;
  try {
    const binary = require('electron') as unknown as string;
    return fs.existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}
