import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { addDays, isIsoDate, todayInRome } from '../../shared/domain/calendar';
import { AppError } from '../api/appError';
import { ConfigurationError, parseCentralUrl } from '../db/target';
import { openSession } from '../session/session';
import { produceDailyRegister } from './dailyRegister';
import { listRegisters } from './queries';

/**
 * The registro giornaliero from the command line, for the protocol office's scheduled job that
 * sends it to preservation by the next working day (DPCM 3/12/2013 art. 7 c. 5):
 *
 *   DATABASE_URL=postgres://protocollo.servizio:…@db.comune.example.it/scrivania \
 *   npm run protocol:daily-register -- [--day 2026-11-23] [--register AOO1] [--out registro.pdf]
 *
 * The login is a staff member of the protocol office (it keeps the whole register); the default
 * day is yesterday. Prints the file written and, last, its SHA-256 in `sha256sum` format.
 */
const USAGE = 'usage: npm run protocol:daily-register -- [--day YYYY-MM-DD] [--register AOO_CODE] [--out file.pdf]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { day: { type: 'string' }, register: { type: 'string' }, out: { type: 'string' } },
    strict: true,
  });
  const day = values.day ?? addDays(todayInRome(), -1);
  if (!isIsoDate(day)) throw new ConfigurationError(`--day must be a date as YYYY-MM-DD (got ${day})`);
  const databaseUrl = process.env.DATABASE_URL?.trim();
  if (!databaseUrl) throw new ConfigurationError('Set DATABASE_URL to the database, with the login of a protocol office staff member.');
  const parsed = new URL(databaseUrl);
  const session = await openSession(parseCentralUrl(databaseUrl), decodeURIComponent(parsed.username), decodeURIComponent(parsed.password));
  try {
    let registerId: number | null = null;
    if (values.register) {
      const registers = await listRegisters(session.db);
      const found = registers.find((r) => r.aooCode === values.register);
      if (!found)
        throw new ConfigurationError(`No register ${values.register}; the ente has: ${registers.map((r) => r.aooCode).join(', ')}`);
      registerId = found.id;
    }
    const register = await produceDailyRegister(session.db, { registerId, day });
    const out = path.resolve(values.out ?? register.filename);
    fs.writeFileSync(out, register.bytes);
    console.log(
      `${out}: registro giornaliero ${register.aooCode} del ${day}, ${register.entries} registrazioni (${register.annulled} annullate)`,
    );
    console.log(`${register.sha256}  ${path.basename(out)}`);
  } finally {
    await session.close();
  }
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  const reason = error instanceof AppError && error.reason ? ` (${error.reason})` : '';
  console.error(error instanceof ConfigurationError || error instanceof TypeError ? `${message}\n${USAGE}` : `${message}${reason}`);
  process.exit(1);
});
