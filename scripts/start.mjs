// `npm start`: the desktop app when the Electron binary is installed, browser mode otherwise.
// (Build machines without internet cannot download Electron; browser mode runs the same code.)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function electronBinaryInstalled() {
  try {
    return fs.existsSync(require('electron'));
  } catch {
    return false;
  }
}

const [command, args] = electronBinaryInstalled()
  ? ['npx', ['electron-forge', 'start']]
  : ['npm', ['run', 'start:browser']];
if (command === 'npm') {
  console.log('Electron non installato: avvio in modalità browser (apri l\'indirizzo SCRIVANIA_URL stampato qui sotto).');
}
const child = spawn(command, args, { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
