import { describe, expect, it } from 'vitest';
import { squirrelAction } from '../../../src/main/electron/squirrelStartup';
import { startupErrorText } from '../../../src/main/electron/startupError';

describe('startup error dialog', () => {
  it('explains in Italian what to do, per cause', () => {
    expect(startupErrorText(Object.assign(new Error('schema 12 < 14'), { code: 'schema_behind' })).message).toMatch(/amministratore/);
    expect(startupErrorText(Object.assign(new Error('schema 15 > 14'), { code: 'schema_ahead' })).message).toMatch(/versione più recente/);
    expect(startupErrorText(Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' })).message).toMatch(
      /non risponde/,
    );
    const generic = startupErrorText(new Error('initdb: permission denied'));
    expect(generic.title).toBe('Scrivania non può avviarsi');
    expect(generic.message).toMatch(/Non è stato possibile avviare il database/);
    expect(generic.message).toContain('Dettaglio tecnico: initdb: permission denied');
  });

  it('never shows a stack trace', () => {
    const error = new Error('boom');
    expect(startupErrorText(error).message).not.toContain(' at ');
    expect(startupErrorText('x'.repeat(2000)).message.length).toBeLessThan(1200);
  });
});

describe('Squirrel.Windows install events', () => {
  const exe = 'C:\\Users\\u\\AppData\\Local\\scrivania\\app-0.1.0\\scrivania.exe';

  it('creates shortcuts and quits on install/update, removes them on uninstall', () => {
    expect(squirrelAction('win32', [exe, '--squirrel-install', '0.1.0'], exe)).toEqual({
      kind: 'run-then-quit',
      updateExe: 'C:\\Users\\u\\AppData\\Local\\scrivania\\Update.exe',
      args: ['--createShortcut=scrivania.exe'],
    });
    expect(squirrelAction('win32', [exe, '--squirrel-updated'], exe)).toMatchObject({ kind: 'run-then-quit' });
    expect(squirrelAction('win32', [exe, '--squirrel-uninstall'], exe)).toMatchObject({ args: ['--removeShortcut=scrivania.exe'] });
    expect(squirrelAction('win32', [exe, '--squirrel-obsolete'], exe)).toEqual({ kind: 'quit' });
  });

  it('does nothing on a normal launch or on other systems', () => {
    expect(squirrelAction('win32', [exe], exe)).toEqual({ kind: 'none' });
    expect(squirrelAction('win32', [exe, '--squirrel-firstrun'], exe)).toEqual({ kind: 'none' });
    expect(squirrelAction('linux', ['/usr/bin/scrivania', '--squirrel-install'], '/usr/bin/scrivania')).toEqual({ kind: 'none' });
  });
});
