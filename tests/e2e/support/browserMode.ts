import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface RunningApp {
  process: ChildProcess;
  /** The launch URL, with the per-launch token in its fragment. */
  launchUrl: string;
  /** The PostgreSQL port the app reports using (the embedded server's, or the central one's). */
  databasePort: number;
  stop(): Promise<void>;
}

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * Starts browser mode exactly as `npm start` does on a machine without Electron (the real entry
 * point, the real embedded or central database) and waits for the line with its launch URL.
 */
export function startBrowserMode(env: Record<string, string>, timeoutMs = 120_000): Promise<RunningApp> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'src/main/web/main.ts')], {
    cwd: projectRoot,
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`browser mode did not start in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const url = /SCRIVANIA_URL=(\S+)/.exec(output);
      const database = /database: \w+ [^:\s]+:(\d+)\//.exec(output);
      if (url && database) {
        clearTimeout(timer);
        resolve({
          process: child,
          launchUrl: url[1]!,
          databasePort: Number(database[1]),
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`browser mode exited with code ${code}:\n${output}`));
    });
  });
}
