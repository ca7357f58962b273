import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyOmocodia, buildCodiceFiscale } from '../../src/shared/domain/codiceFiscale';
import { pdfWithText, pecDelivery } from '../fixtures/intake/generate';
import { IntakePage } from './pages/IntakePage';
import { Shell } from './pages/Shell';
import { SignInPage } from './pages/SignInPage';
import { withAppDatabase } from './support/database';
import { expect, test } from './support/fixtures';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PASSWORD = 'Scrivania.2026';

/** The intake command, as the service runs it: `npm run intake:import -- --pec <folder>` with a clerk's login. */
function runImporter(folder: string, username: string): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'src/main/intake/cli.ts'), '--pec', folder], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: `postgres://${username}:${PASSWORD}@127.0.0.1:${process.env.SCRIVANIA_E2E_DB_PORT}/scrivania` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) =>
    child.once('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`importer exited ${code}:\n${output}`)))),
  );
}

test.describe('Arrivi: desk entry and the inbox', () => {
  test('a clerk registers paper brought to the desk; a wrong codice fiscale is caught first, an omocodic one accepted', async ({ app }) => {
    const suffix = crypto.randomBytes(3).toString('hex');
    const plain = buildCodiceFiscale({
      lastName: 'Fontana',
      firstName: 'Ilaria',
      birthDate: '1991-02-14',
      sex: 'F',
      birthPlaceCode: 'G478',
    });
    const omocodic = applyOmocodia(plain, 2);
    const wrong = `${omocodic.slice(0, 15)}${omocodic.endsWith('A') ? 'B' : 'A'}`;
    const scan = pdfWithText(`Dichiarazione di residenza ${suffix}`);

    await new SignInPage(app).signIn('g.greco', PASSWORD);
    const intake = new IntakePage(app);
    await intake.nav.click();
    await app.keyboard.press('Alt+N');
    await expect(intake.desk).toBeVisible();

    await intake.fillApplicant('desk', {
      codiceFiscale: wrong,
      lastName: 'Fontana',
      firstName: 'Ilaria',
      pec: 'ilaria.fontana@pec.example.it',
    });
    await intake.field('desk', 'procedure').selectOption('CAMBIO_RESIDENZA');
    await intake.field('desk', 'subject').fill(`Dichiarazione di cambio di residenza (${suffix})`);
    await intake.attachToDesk([{ name: 'dichiarazione.pdf', mimeType: 'application/pdf', buffer: scan }]);
    await app.keyboard.press('Control+Enter');
    await expect(intake.fieldError('desk', 'codiceFiscale')).toContainText('carattere di controllo');
    await expect(intake.desk).toBeVisible();

    await intake.field('desk', 'codiceFiscale').fill(omocodic.toLowerCase());
    await expect(intake.field('desk', 'codiceFiscale')).toHaveValue(omocodic);
    await intake.field('desk', 'register').click();
    await expect(intake.notice).toContainText('Protocollato:');
    await expect(intake.desk).toBeHidden();
    const segnatura = (await intake.notice.textContent())!.replace(/^.*Protocollato:\s*/, '').trim();

    const stored = await withAppDatabase(async (db) => {
      const entry = await db.query(
        `SELECT e.channel, e.correspondent_tax_code, e.subject, i.channel AS instance_channel, i.procedure_code,
                (SELECT array_agg(v.sha256 ORDER BY v.id) FROM scrivania.documents d JOIN scrivania.document_versions v ON v.document_id = d.id
                  WHERE d.instance_id = i.id) AS hashes
           FROM scrivania.protocol_entries e JOIN scrivania.instances i ON i.id = e.instance_id
          WHERE e.segnatura = $1`,
        [segnatura],
      );
      return entry.rows;
    });
    expect(stored).toEqual([
      {
        channel: 'desk',
        correspondent_tax_code: omocodic,
        subject: `Dichiarazione di cambio di residenza (${suffix})`,
        instance_channel: 'desk',
        procedure_code: 'CAMBIO_RESIDENZA',
        hashes: [crypto.createHash('sha256').update(scan).digest('hex')],
      },
    ]);
  });

  test('a PEC arrival is imported into the inbox, completed from the registry and registered by a clerk', async ({ app }) => {
    const suffix = crypto.randomBytes(4).toString('hex');
    const identificativo = `opec21012.e2e${suffix}.1.1.1@pec.aruba.it`;
    const person = await withAppDatabase(
      async (db) =>
        (
          await db.query<{ codice_fiscale: string; last_name: string; first_name: string }>(
            `SELECT codice_fiscale, last_name, first_name FROM scrivania.persons ORDER BY id LIMIT 1`,
          )
        ).rows[0]!,
    );
    const request = pdfWithText(`Istanza di accesso agli atti ${suffix}`);
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'scv-e2e-pec-'));
    fs.writeFileSync(
      path.join(folder, `consegna-${suffix}.eml`),
      pecDelivery(
        identificativo,
        {
          subject: `Istanza di accesso agli atti ${suffix}`,
          text: `Il sottoscritto ${person.first_name} ${person.last_name}, codice fiscale ${person.codice_fiscale}, chiede di accedere agli atti della pratica 12/2025.`,
        },
        [{ filename: 'istanza-accesso.pdf', contentType: 'application/pdf', bytes: request }],
      ),
    );
    const imported = await runImporter(folder, 'c.lombardi');
    expect(imported).toContain('"inbox":1');

    await new SignInPage(app).signIn('c.lombardi', PASSWORD);
    const shell = new Shell(app);
    await expect(shell.user).toContainText('Chiara Lombardi');
    const intake = new IntakePage(app);
    await intake.nav.click();
    await expect(intake.pendingRow(suffix)).toContainText('PEC');
    await intake.openArrival(suffix);
    await expect(intake.arrival).toBeVisible();
    await expect(intake.arrival).toContainText(identificativo);
    // The codice fiscale in the text found the applicant in the registry: the form is filled with them.
    await expect(intake.field('arrival', 'codiceFiscale')).toHaveValue(person.codice_fiscale);
    await expect(intake.field('arrival', 'lastName')).toHaveValue(person.last_name);
    await expect(app.getByTestId('document-viewer')).toHaveAttribute('data-content-type', 'application/pdf');

    await intake.field('arrival', 'procedure').selectOption('ACCESSO_ATTI');
    await expect(intake.field('arrival', 'subject')).toHaveValue(`Istanza di accesso agli atti ${suffix}`);
    await app.keyboard.press('Control+Enter');
    await expect(intake.notice).toContainText('Protocollato:');
    await expect(intake.pendingRow(suffix)).toHaveCount(0);

    const registered = await withAppDatabase(
      async (db) =>
        (
          await db.query(
            `SELECT a.status, a.handled_by, e.external_ref, e.channel, e.segnatura = a.protocol_segnatura AS same_segnatura,
                  (SELECT array_agg(v.filename ORDER BY d.id) FROM scrivania.documents d JOIN scrivania.document_versions v ON v.document_id = d.id
                    WHERE d.instance_id = a.instance_id) AS files
             FROM scrivania.intake_items a JOIN scrivania.protocol_entries e ON e.instance_id = a.instance_id
            WHERE a.external_id = $1`,
            [identificativo],
          )
        ).rows,
    );
    expect(registered).toEqual([
      {
        status: 'registered',
        handled_by: 'c.lombardi',
        external_ref: identificativo,
        channel: 'pec',
        same_segnatura: true,
        files: ['istanza-accesso.pdf', 'testo-del-messaggio.txt', 'messaggio-originale.eml'],
      },
    ]);

    // The same delivery exported again is recognised: nothing new in the inbox.
    fs.writeFileSync(
      path.join(folder, `di-nuovo-${suffix}.eml`),
      fs.readFileSync(path.join(folder, 'imported', fs.readdirSync(path.join(folder, 'imported'))[0]!, `consegna-${suffix}.eml`)),
    );
    expect(await runImporter(folder, 'c.lombardi')).toContain('"duplicates":1');
  });
});
