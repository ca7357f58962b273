// `npm start`: the desktop app when the Electron binary is installed, browser mode otherwise.
// (Build machines without internet cannot download Electron; browser mode runs the same code.)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Read from path.txt: `require('electron')` would try to download a missing binary. */
function electronBinaryInstalled() {
  const pathFile = path.join('node_modules', 'electron', 'path.txt');
  return fs.existsSync(pathFile) && fs.existsSync(path.join('node_modules', 'electron', 'dist', fs.readFileSync(pathFile, 'utf8').trim()));
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
