import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const electronPackage = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../node_modules/electron');

/**
 * The Electron binary, when it was downloaded on this machine; null otherwise. Read from the
 * package's path.txt rather than `require('electron')`, which would try to download it.
 */
export function electronBinaryPath(): string | null {
  if (process.env.SCRIVANIA_E2E_BROWSER_MODE === '1') return null;
  const pathFile = path.join(electronPackage, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const binary = path.join(electronPackage, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(binary) ? binary : null;
}
