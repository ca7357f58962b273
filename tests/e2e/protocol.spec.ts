import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { ProtocolPage } from './pages/ProtocolPage';
import { SignInPage } from './pages/SignInPage';
import { withAppDatabase } from './support/database';
import { expect, test } from './support/fixtures';

/** Laura Ricci: manager of the protocol office, which keeps the whole register of the demo Comune. */
const MANAGER = 'l.ricci';

interface NewestEntry {
  id: number;
  protocol: string;
  correspondent: string;
  day: string;
  day_text: string;
  day_count: number;
}

/** The newest registration of the register as the database holds it (what the grid must show first). */
async function newestEntry(): Promise<NewestEntry> {
  return withAppDatabase(async (db) => {
    const result = await db.query<NewestEntry>(
      `SELECT e.id, lpad(e.number::text, 7, '0') || '/' || e.year AS protocol, e.correspondent_name AS correspondent,
              to_char(e.registered_at AT TIME ZONE 'Europe/Rome', 'YYYY-MM-DD') AS day,
              to_char(e.registered_at AT TIME ZONE 'Europe/Rome', 'DD/MM/YYYY') AS day_text,
              (SELECT count(*)::int FROM scrivania.protocol_entries d WHERE d.register_id = e.register_id
                  AND (d.registered_at AT TIME ZONE 'Europe/Rome')::date = (e.registered_at AT TIME ZONE 'Europe/Rome')::date) AS day_count
         FROM scrivania.protocol_entries e ORDER BY e.year DESC, e.number DESC LIMIT 1`,
    );
    return result.rows[0]!;
  });
}

test.describe('Protocollo', () => {
  test('a manager annuls a registration with reason and act, then produces the daily register that lists it', async ({ app }) => {
    await new SignInPage(app).signIn(MANAGER, 'Scrivania.2026');
    const protocol = new ProtocolPage(app);
    const newest = await newestEntry();

    await test.step('the register shows the newest registration first, numbered 0000000/yyyy', async () => {
      await protocol.open();
      await expect(protocol.cell(0, 'number')).toHaveText(newest.protocol);
      await expect(protocol.cell(0, 'correspondentName')).toHaveText(newest.correspondent);
      await expect(protocol.cell(0, 'registeredAt')).toHaveText(new RegExp(`^${newest.day_text} \\d{2}:\\d{2}$`));
    });

    await test.step('the detail shows the segnatura (art. 55)', async () => {
      await protocol.select(0);
      await expect(protocol.detail.getByTestId('detail-number')).toHaveText(newest.protocol);
      await expect(protocol.detail.getByTestId('detail-segnatura')).toContainText(`|${newest.day}|${newest.protocol.slice(0, 7)}`);
    });

    await test.step('art. 54: annulment needs reason and act; the row stays, struck through and marked', async () => {
      await protocol.detail.getByTestId('annul-open').click();
      await protocol.annulDialog.getByTestId('annul-confirm').click();
      await expect(protocol.annulDialog.locator('.field-error')).toHaveCount(2);
      await protocol.annulDialog.getByTestId('annul-cancel').click();
      await protocol.annulSelected('Registrazione duplicata per errore materiale', 'Provvedimento del Responsabile n. 7/2026');
      await expect(protocol.detail.getByTestId('detail-annulled-badge')).toHaveText('ANNULLATA');
      await expect(protocol.detail.getByTestId('detail-annulment-act')).toHaveText('Provvedimento del Responsabile n. 7/2026');
      await expect(protocol.row(0)).toHaveClass(/row-annulled/);
      await expect(protocol.cell(0, 'state')).toHaveText('ANNULLATA');
      const stored = await withAppDatabase((db) =>
        db.query<{ annulled_login: string; annulment_reason: string; subject: string }>(
          'SELECT annulled_login, annulment_reason, subject FROM scrivania.protocol_entries WHERE id = $1',
          [newest.id],
        ),
      );
      expect(stored.rows[0]).toMatchObject({ annulled_login: MANAGER, annulment_reason: 'Registrazione duplicata per errore materiale' });
    });

    await test.step('DPCM 3/12/2013 art. 7: the daily register of that day is shown and downloaded; it lists the entries and the annulment', async () => {
      const download = await protocol.produceDailyRegister(newest.day_text);
      await expect(protocol.dailyDialog.getByTestId('daily-register-summary')).toContainText(
        `${newest.day_count} registrazioni, di cui 1 annullate`,
      );
      const shownHash = (await protocol.dailyDialog.getByTestId('daily-register-sha256').innerText()).trim();
      const file = await download.path();
      const bytes = fs.readFileSync(file);
      expect(crypto.createHash('sha256').update(bytes).digest('hex')).toBe(shownHash);
      expect(download.suggestedFilename()).toMatch(new RegExp(`^registro-giornaliero_c_m999_AOO_MONTESERENO_${newest.day}\\.pdf$`));
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      expect(text).toContain('Registro giornaliero di protocollo');
      expect(text).toContain('COMUNE DI MONTESERENO');
      expect(text).toContain(newest.protocol);
      expect(text).toContain('ANNULLATA');
      expect(text).toContain('Motivo: Registrazione');
    });
  });
});
