/**
 * Windows installer (Squirrel.Windows, made by MakerSquirrel) runs the app with `--squirrel-*`
 * arguments on install, update and uninstall: the app must create/remove its shortcuts and quit at
 * once instead of opening a window. Same behaviour as the `electron-squirrel-startup` package,
 * without the dependency. Pure decision; main.ts spawns the command.
 */
import path from 'node:path';

export type SquirrelAction =
  | { kind: 'none' }
  | { kind: 'quit' }
  | { kind: 'run-then-quit'; updateExe: string; args: string[] };

export function squirrelAction(platform: NodeJS.Platform, argv: readonly string[], execPath: string): SquirrelAction {
  if (platform !== 'win32') return { kind: 'none' };
  const command = argv[1];
  const updateExe = path.win32.resolve(path.win32.dirname(execPath), '..', 'Update.exe');
  const exeName = path.win32.basename(execPath);
  switch (command) {
    case '--squirrel-install':
    case '--squirrel-updated':
      return { kind: 'run-then-quit', updateExe, args: [`--createShortcut=${exeName}`] };
    case '--squirrel-uninstall':
      return { kind: 'run-then-quit', updateExe, args: [`--removeShortcut=${exeName}`] };
    case '--squirrel-obsolete':
      return { kind: 'quit' };
    default:
      return { kind: 'none' };
  }
}
