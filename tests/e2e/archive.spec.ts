import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pdfBytes } from '../support/documentFixtures';
import { ArchivePage } from './pages/ArchivePage';
import { SignInPage } from './pages/SignInPage';
import { withAppDatabase } from './support/database';
import { expect, test } from './support/fixtures';

const TECHNICIAN = 's.moretti';
const PASSWORD = 'Scrivania.2026';
const HEADER = 'file;serie;anno;numero;tipo_pratica;oggetto;titolo_documento;tipo_documento;richiedenti;indirizzi';

/** A folder of scans and its manifest, as a scanning service delivers them. */
function scanFolder(label: string, rows: Array<{ file: string; content: Buffer | null; line: string }>): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), `scv-e2e-archive-${label}-`));
  for (const row of rows) if (row.content) fs.writeFileSync(path.join(folder, row.file), row.content);
  fs.writeFileSync(path.join(folder, 'manifest.csv'), `${[HEADER, ...rows.map((row) => `${row.file};${row.line}`)].join('\r\n')}\r\n`);
  return folder;
}

/** A practice of `files` scans, each unique to this run (the archive never stores the same file twice). */
function practice(label: string, number: number, files: number): Array<{ file: string; content: Buffer; line: string }> {
  const run = crypto.randomBytes(4).toString('hex');
  return Array.from({ length: files }, (_, i) => ({
    file: `${label}_${number}_${i + 1}.pdf`,
    content: pdfBytes([`Pratica ${number}/1999 documento ${i + 1}`, `Lotto ${label} ${run}`]),
    line: `PRATICHE_EDILIZIE;1999;${number};concessione_edilizia;Ampliamento di laboratorio artigiano ${label};Documento ${i + 1};domanda;Verdi Giuseppe;Via Roma ${number % 90}`,
  }));
}

test.describe('Archivio', () => {
  const folders: string[] = [];

  test.afterAll(() => {
    for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
  });

  test.beforeEach(async ({ app }) => {
    await new SignInPage(app).signIn(TECHNICIAN, PASSWORD);
  });

  test('a technician finds a practice by a misspelt old street name, opens its scan, and the access is logged', async ({ app }) => {
    const archive = new ArchivePage(app);
    await archive.open();
    // "Via Vittorio Emanuele III" was renamed "Via della Libertà" in 1975; typed abbreviated and misspelt.
    await archive.searchFor('v. vittorio emanule 12');
    await expect(archive.chips).toContainText('Indirizzo Via Vittorio Emanule 12');
    await expect(archive.streets).toContainText('Via della Libertà');
    await expect(archive.streets).toContainText('Via Vittorio Emanuele III');
    const row = archive.row('123/1968');
    await expect(row).toBeVisible();
    await expect(row.locator('[col-id="matches"] mark')).toHaveText(['Vittorio', 'Emanuele', '12']);

    await archive.openDossier('123/1968');
    await expect(archive.dossier).toContainText('oggi Via della Libertà');
    await expect(archive.dossier).toContainText('Fg. 12 part. 345 sub. 3');
    const before = new Date();
    await archive.openFirstScan({ value: 'records_access_request', reference: '0004567/2026' });
    await expect(archive.viewer.getByTestId('viewer-page')).toHaveText(/Pagina 1 di [23]/);
    await expect(archive.viewer.getByTestId('archive-viewer-logged')).toContainText('Consultazione registrata');

    const download = await archive.saveStampedCopy();
    expect(download.suggestedFilename()).toMatch(/copia per consultazione\.pdf$/);
    const saved = fs.readFileSync(await download.path());
    expect(saved.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const logged = await withAppDatabase(
      async (db) =>
        (
          await db.query<{ action: string; purpose: string; reference: string; label: string }>(
            `SELECT l.action, l.purpose, l.reference, d.number || '/' || d.year AS label
             FROM scrivania.archive_access_log l JOIN scrivania.archive_dossiers d ON d.id = l.dossier_id
            WHERE l.login = $1 AND l.at >= $2 ORDER BY l.id`,
            [TECHNICIAN, before],
          )
        ).rows,
    );
    expect(logged).toEqual([
      { action: 'open', purpose: 'records_access_request', reference: '0004567/2026', label: '123/1968' },
      { action: 'save', purpose: 'records_access_request', reference: '0004567/2026', label: '123/1968' },
    ]);
  });

  test("Precedenti: the office's newest cases come first; choosing one shows what the archive holds on its parcels and address", async ({
    app,
  }) => {
    const archive = new ArchivePage(app);
    await archive.open();
    await app.getByTestId('archive-tab-precedents').click();
    const picker = app.getByTestId('archive-precedents-instance');
    await expect(picker.first()).toBeVisible();

    const newest = await withAppDatabase(
      async (db) =>
        (
          await db.query<{ label: string; subject: string }>(
            `SELECT lpad(i.protocol_number::text, 7, '0') || '/' || i.protocol_year AS label, i.subject
               FROM scrivania.instances i JOIN scrivania.offices o ON o.id = i.office_id
              WHERE o.code = 'SUE' ORDER BY i.received_at DESC, i.id DESC LIMIT 3`,
          )
        ).rows,
    );
    for (const [index, expected] of newest.entries()) {
      await expect(picker.nth(index)).toContainText(expected.label);
      await expect(picker.nth(index)).toContainText(expected.subject);
    }

    await picker.first().click();
    await expect(app.locator('.archive-precedents-title')).toContainText(newest[0]!.label);
    await expect(app.getByTestId('archive-precedents')).toContainText(/Cercati: |L’oggetto della pratica non indica/);

    await app.getByTestId('archive-precedents-search').fill(newest[1]!.label);
    await expect(picker.first()).toContainText(newest[1]!.label);
    await expect(picker.filter({ hasText: newest[0]!.label })).toHaveCount(0);
  });

  test('a batch import with one bad line imports the rest and reports the bad one', async ({ app }) => {
    const rows = [
      ...practice('lotto', 901, 3),
      { file: 'mancante.pdf', content: null, line: 'PRATICHE_EDILIZIE;1999;902;concessione_edilizia;Tettoia;Domanda;domanda;;' },
    ];
    const folder = scanFolder('lotto', rows);
    folders.push(folder);
    const archive = new ArchivePage(app);
    await archive.open();
    await archive.openCampaign();
    const batch = await archive.startImport(folder);
    await expect(batch).toHaveAttribute('data-status', 'completed', { timeout: 30_000 });
    await expect(batch.getByTestId('archive-import-progress')).toContainText('4 di 4 righe: 3 importate, 0 già presenti, 1 scartate');
    const problems = batch.getByTestId('archive-import-problems');
    await expect(problems.locator('tbody tr')).toHaveCount(1);
    await expect(problems.locator('tbody td')).toHaveText(['5', 'mancante.pdf', 'File non trovato nella cartella', 'mancante.pdf']);

    const imported = await withAppDatabase(
      async (db) =>
        (
          await db.query<{ documents: number }>(
            `SELECT count(*)::int AS documents FROM scrivania.archive_documents a JOIN scrivania.archive_dossiers d ON d.id = a.dossier_id
            WHERE d.number = '901' AND d.year = 1999`,
          )
        ).rows[0]!.documents,
    );
    expect(imported).toBe(3);
  });

  test('an interrupted import, resumed, finishes without duplicates', async ({ app }) => {
    const rows = [...practice('ripresa', 911, 4), ...practice('ripresa', 912, 4), ...practice('ripresa', 913, 4)];
    const folder = scanFolder('ripresa', rows);
    folders.push(folder);
    const archive = new ArchivePage(app);
    await archive.open();
    await archive.openCampaign();

    // Hold the import at its first lines (a lock on the table it records its lines in), so that
    // "Interrompi" arrives while it is running, however fast this machine is.
    const credentials = JSON.parse(
      fs.readFileSync(path.join(process.env.SCRIVANIA_E2E_DATA_DIR!, 'embedded-credentials.json'), 'utf8'),
    ) as { password: string };
    const holder = new pg.Client({
      host: '127.0.0.1',
      port: Number(process.env.SCRIVANIA_E2E_DB_PORT),
      user: 'postgres',
      password: credentials.password,
      database: 'scrivania',
    });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE scrivania.archive_import_rows IN EXCLUSIVE MODE');
      const batch = await archive.startImport(folder);
      await expect(batch).toHaveAttribute('data-status', 'running');
      await batch.getByTestId('archive-import-interrupt').click();
      await expect(batch).toHaveAttribute('data-status', 'interrupting');
      await holder.query('COMMIT');
      await expect(batch).toHaveAttribute('data-status', 'interrupted', { timeout: 30_000 });
      const halfway = await batch.getByTestId('archive-import-progress').innerText();
      const processed = Number(/^(\d+) di 12/.exec(halfway)?.[1]);
      expect(processed).toBeGreaterThan(0);
      expect(processed).toBeLessThan(12);

      await batch.getByTestId('archive-import-resume').click();
      await expect(batch).toHaveAttribute('data-status', 'completed', { timeout: 30_000 });
      await expect(batch.getByTestId('archive-import-progress')).toContainText('12 di 12 righe: 12 importate, 0 già presenti, 0 scartate');
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      await holder.end();
    }

    const stored = await withAppDatabase(
      async (db) =>
        (
          await db.query<{ documents: number; files: number; lines: number }>(
            `SELECT count(*)::int AS documents, count(DISTINCT a.sha256)::int AS files,
                  (SELECT count(*)::int FROM scrivania.archive_import_rows r WHERE r.batch_id = max(a.import_batch_id)) AS lines
             FROM scrivania.archive_documents a JOIN scrivania.archive_dossiers d ON d.id = a.dossier_id
            WHERE d.number IN ('911', '912', '913') AND d.year = 1999`,
          )
        ).rows[0]!,
    );
    expect(stored).toEqual({ documents: 12, files: 12, lines: 12 });
  });
});
