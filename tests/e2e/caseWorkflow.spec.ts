/**
 * The whole life of an instance through the real UI, with several people at work at once:
 * a clerk registers paper brought to the desk; two technicians have the case open, one takes it
 * and the other's screen follows by itself; both write at once and the second is told who got
 * there first, keeping what they typed; then integration (L. 241/1990 art. 2 c.7: the term is
 * suspended and resumes), decision with the signed outcome, closure; the applicant's dossier shows
 * it all, and the letters reached a real SMTP server.
 *
 * It runs its own browser-mode instance (fresh embedded database with the demo Comune) so that the
 * outbox can deliver to an SMTP server started here, and uses one browser context per person.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { buildCodiceFiscale } from '../../src/shared/domain/codiceFiscale';
import { formatProtocolNumber } from '../../src/shared/domain/protocolNumber';
import { pdfBytes } from '../support/documentFixtures';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtpServer';
import { CasePage } from './pages/casePage';
import { DossierPage } from './pages/dossierPage';
import { SignInPage } from './pages/SignInPage';
import { StaffPage } from './pages/StaffPage';
import { WorklistPage } from './pages/WorklistPage';
import { startBrowserMode, type RunningApp } from './support/browserMode';
import { withAppDatabase } from './support/database';

const PASSWORD = 'Scrivania.2026';
const ADMIN = 'a.bianchi';
/** The building office's front desk: created by the administrator through the staff screen. */
const DESK_CLERK = { username: 'l.fontana', fullName: 'Lucia Fontana', offices: ['PROTOCOLLO_URP', 'SUE'] };
const PROTOCOL_CLERK = 'c.lombardi'; // Protocollo e URP, Servizi demografici: keeps the register, not the building office's cases
const TECHNICIAN = 's.moretti'; // Sportello unico edilizia
const COLLEAGUE = 'f.gallo'; // Sportello unico edilizia

const APPLICANT = { lastName: 'Ferraro', firstName: 'Giada', email: 'giada.ferraro@example.it' };
const APPLICANT_CF = buildCodiceFiscale({ ...APPLICANT, birthDate: '1986-09-14', sex: 'F', birthPlaceCode: 'G478' });
/** A sanatoria under art. 36-bis DPR 380/2001: silence is acceptance after 45 days, integration suspends (art. 2 c.7). */
const PROCEDURE = 'SANATORIA_36BIS';
const SUBJECT = 'Accertamento di conformità per diversa distribuzione degli spazi interni, via dei Mulini 12';
const MISSING = 'Manca la planimetria catastale aggiornata e la relazione tecnica asseverata';

const SCREENSHOTS = process.env.SCRIVANIA_E2E_SCREENSHOTS ?? path.join(os.tmpdir(), 'scrivania-case-screenshots');

let app: RunningApp;
/** Where the app's embedded database is, to check what the UI shows against what is stored. */
let appDatabase: { dataDir: string; databasePort: number };
let smtp: TestSmtpServer;
let dataDir: string;
let instanceId: number;
let protocol: string;

function shot(page: Page, name: string): Promise<Buffer> {
  return page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

async function signedIn(browser: Browser, username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'it-IT', timezoneId: 'Europe/Rome' });
  const page = await context.newPage();
  await page.goto(app.launchUrl);
  await new SignInPage(page).signIn(username, PASSWORD);
  await expect(page.getByTestId('statusbar-user')).toBeVisible();
  return page;
}

/** Finds the case in "Da assegnare" by the applicant's codice fiscale and opens it: double click, or Enter on the row. */
async function openFromUnassigned(page: Page, how: 'double-click' | 'enter'): Promise<CasePage> {
  await page.getByTestId('nav-unassigned').click();
  const worklist = new WorklistPage(page);
  await worklist.search.fill(APPLICANT_CF);
  await expect(worklist.count).toHaveText('1 pratica');
  const cell = worklist.cell(0, 'protocol');
  await expect(cell).toHaveText(protocol);
  if (how === 'double-click') await cell.dblclick();
  else {
    await cell.click();
    await page.keyboard.press('Enter');
  }
  const casePage = new CasePage(page);
  await casePage.expectOpen(protocol);
  return casePage;
}

async function instanceMessages(): Promise<Array<{ template_code: string; status: string }>> {
  return withAppDatabase(
    async (db) =>
      (await db.query('SELECT template_code, status FROM scrivania.messages WHERE instance_id = $1 ORDER BY id', [instanceId]))
        .rows as Array<{
        template_code: string;
        status: string;
      }>,
    appDatabase,
  );
}

test.describe.configure({ mode: 'serial' });

test.describe('a case from the desk to closure, with colleagues at work at the same time', () => {
  test.beforeAll(async () => {
    test.setTimeout(180_000);
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    smtp = await startTestSmtpServer();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scrivania-e2e-case-'));
    fs.chmodSync(dataDir, 0o755);
    app = await startBrowserMode({
      SCRIVANIA_DATA_DIR: dataDir,
      SCRIVANIA_SMTP_URL: smtp.url,
      SCRIVANIA_MAIL_FROM: '"Comune di Montesereno" <protocollo@comune.montesereno.pg.it>',
      SCRIVANIA_MAIL_POLL_SECONDS: '1',
    });
    appDatabase = { dataDir, databasePort: app.databasePort };
  });

  test.afterAll(async () => {
    await app?.stop();
    await smtp?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('a clerk registers at the desk; a colleague sees the case taken within a second; two saves at once end in a clear conflict', async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    await test.step('the administrator gives the building office a desk clerk', async () => {
      const admin = await signedIn(browser, ADMIN);
      const officeIds = await withAppDatabase(
        async (db) =>
          (await db.query('SELECT id FROM scrivania.offices WHERE code = ANY ($1) ORDER BY id', [DESK_CLERK.offices])).rows.map(
            (row: { id: number }) => Number(row.id),
          ),
        appDatabase,
      );
      await admin.getByTestId('nav-staff').click();
      const staff = new StaffPage(admin);
      await staff.create({ ...DESK_CLERK, email: 'l.fontana@comune.montesereno.pg.it', role: 'clerk', officeIds, password: PASSWORD });
      await expect(staff.notice).toContainText(DESK_CLERK.username);
      await admin.context().close();
    });

    const clerk = await signedIn(browser, DESK_CLERK.username);
    await test.step('the clerk registers the paper application at the desk', async () => {
      await clerk.getByTestId('nav-intake').click();
      await clerk.getByTestId('intake-desk-open').click();
      await clerk.getByTestId('desk-kind-person').check();
      await clerk.getByTestId('desk-codiceFiscale').fill(APPLICANT_CF);
      await clerk.getByTestId('desk-lastName').fill(APPLICANT.lastName);
      await clerk.getByTestId('desk-firstName').fill(APPLICANT.firstName);
      await clerk.getByTestId('desk-email').fill(APPLICANT.email);
      await clerk.getByTestId('desk-procedure').selectOption(PROCEDURE);
      await clerk.getByTestId('desk-subject').fill(SUBJECT);
      await clerk.getByTestId('desk-files').setInputFiles({
        name: 'domanda-sanatoria.pdf',
        mimeType: 'application/pdf',
        buffer: pdfBytes(['Domanda art. 36-bis', 'Allegati tecnici']),
      });
      await shot(clerk, '01-desk-registration');
      await clerk.getByTestId('desk-register').click();
      await expect(clerk.getByTestId('intake-notice')).toBeVisible();
      const row = await withAppDatabase(
        async (db) =>
          (
            await db.query('SELECT id, protocol_year, protocol_number FROM scrivania.instances WHERE applicant_tax_code = $1', [
              APPLICANT_CF,
            ])
          ).rows as Array<{ id: number; protocol_year: number; protocol_number: number }>,
        appDatabase,
      );
      expect(row).toHaveLength(1);
      instanceId = Number(row[0]!.id);
      protocol = formatProtocolNumber(row[0]!.protocol_year, row[0]!.protocol_number);
      await expect(clerk.getByTestId('intake-notice')).toContainText(String(row[0]!.protocol_number).padStart(7, '0'));
    });

    const technician = await signedIn(browser, TECHNICIAN);
    const colleague = await signedIn(browser, COLLEAGUE);
    const mine = await openFromUnassigned(technician, 'double-click');
    const theirs = await openFromUnassigned(colleague, 'enter');

    await test.step('the case as received: header, fascicolo, running clock, registration in the timeline', async () => {
      await expect(mine.status).toHaveText('Ricevuta');
      await expect(mine.assignee).toHaveText('Non assegnata');
      await expect(mine.applicant).toHaveText(`${APPLICANT.lastName} ${APPLICANT.firstName}`);
      await expect(mine.fascicolo).toContainText(/\d{4}-[IVX]+\.\d+-\d+/);
      await expect(mine.clockStatus).toHaveText('Il termine decorre');
      await expect(mine.clockDueDate).toHaveText(/^\d{2}\/\d{2}\/\d{4}$/);
      await expect(mine.timelineItems()).toHaveCount(1);
      await expect(mine.timelineItems().first()).toContainText('Protocollata e aperta');
      await expect(mine.timelineItems().first()).toContainText('domanda-sanatoria.pdf');
      await expect(mine.actionButton('take_in_charge')).toHaveAttribute('title', /Alt\+P/);
      await shot(technician, '02-case-received');
    });

    await test.step("the technician takes it (Alt+P, Enter); the colleague's open screen follows within a second", async () => {
      await mine.openWithShortcut('take_in_charge');
      await expect(mine.formTitle).toContainText('art. 5 L. 241/1990');
      await shot(technician, '03-form-take-in-charge');
      await technician.keyboard.press('Enter');
      await expect(mine.stepDone).toBeVisible();
      const done = Date.now();
      await expect(theirs.liveUpdate).toBeVisible({ timeout: 1_000 });
      expect(Date.now() - done).toBeLessThan(1_000);
      await expect(theirs.liveUpdate).toContainText('Aggiornata da un collega');
      await expect(theirs.liveUpdate).toContainText('Stefano Moretti — Presa in carico');
      await expect(theirs.assignee).toHaveText('Stefano Moretti');
      await expect(theirs.status).toHaveText('In istruttoria');
      // The colleague no longer holds the case: taking it is no longer offered.
      await expect(theirs.actionButton('take_in_charge')).toHaveCount(0);
      // Our own step is not announced as a colleague's.
      await expect(mine.liveUpdate).toHaveCount(0);
      await shot(colleague, '04-colleague-live-update');
    });

    await test.step('both write a note at once: the second is told who changed what, and keeps the text', async () => {
      const theirText = 'Verificare con il richiedente la distanza dal confine nord prima del sopralluogo';
      await theirs.openWithShortcut('add_note');
      await theirs.field('text').fill(theirText);
      await mine.openWithShortcut('add_note');
      await mine.field('text').fill('Sopralluogo fissato per lunedì mattina con il geometra');
      await mine.submit.click();
      await expect(mine.stepDone).toBeVisible();

      await theirs.submit.click();
      await expect(theirs.conflict).toBeVisible();
      await expect(theirs.conflict).toContainText('Nel frattempo la pratica è stata modificata');
      await expect(theirs.conflict).toContainText('Stefano Moretti — Nota interna');
      await expect(theirs.field('text')).toHaveValue(theirText);
      await shot(colleague, '05-conflict');

      await theirs.submit.click();
      await expect(theirs.stepDone).toBeVisible();
      await expect(mine.liveUpdate).toContainText('Francesca Gallo — Nota interna');
      await expect(mine.timelineItems().first()).toContainText(theirText);
      await expect(mine.timelineItems().nth(1)).toContainText('Sopralluogo fissato per lunedì mattina');
    });
    await technician.context().close();
    await colleague.context().close();
    await clerk.context().close();
  });

  test('integration suspends and resumes the term, the decision stops it, closure; the dossier shows it all and the letters were delivered', async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const technician = await signedIn(browser, TECHNICIAN);
    await technician.getByTestId('nav-mine').click();
    const worklist = new WorklistPage(technician);
    await worklist.search.fill(APPLICANT_CF);
    await expect(worklist.cell(0, 'protocol')).toHaveText(protocol);
    await worklist.cell(0, 'protocol').dblclick();
    const casePage = new CasePage(technician);
    await casePage.expectOpen(protocol);
    const dueWhileRunning = await casePage.clockDueDate.innerText();

    await test.step('request for integration (art. 2 c.7): the clock shows the term suspended', async () => {
      // Esc closes a form and gives the focus back to its button.
      await casePage.openWithShortcut('request_integration');
      await technician.keyboard.press('Escape');
      await expect(casePage.form).toHaveCount(0);
      await expect(casePage.actionButton('request_integration')).toBeFocused();
      await casePage.openWithShortcut('request_integration');
      await expect(casePage.formTitle).toHaveText(
        'Richiesta di integrazione (art. 2 c.7 L. 241/1990) — sospende il termine una sola volta, per massimo 30 giorni',
      );
      await casePage.submit.click();
      await expect(casePage.fieldError('reason')).toHaveText('Campo obbligatorio.');
      await casePage.field('reason').fill(MISSING);
      await expect(casePage.field('answerWithinDays')).toHaveValue('30');
      await shot(technician, '06-form-integration');
      await casePage.submit.click();
      await expect(casePage.stepDone).toBeVisible();
      await expect(casePage.status).toHaveText('Sospesa');
      await expect(casePage.clockStatus).toHaveText('Termine sospeso');
      await expect(casePage.clockPause).toContainText('per la richiesta di integrazione (art. 2 c.7 L. 241/1990)');
      await technician.getByTestId('clock-explain-toggle').click();
      await expect(technician.getByTestId('clock-steps')).toContainText('L. 241/1990 art. 2 c.7');
      await expect(casePage.timelineItems().first()).toContainText(MISSING);
      await expect(casePage.timelineItems().first().getByTestId('timeline-letter')).toContainText(APPLICANT.email);
      await shot(technician, '07-case-suspended');
    });

    await test.step('the letter asking for the documents reaches the SMTP server', async () => {
      const [letter] = await smtp.waitForReceived(1, 30_000);
      expect(letter!.envelopeTo).toEqual([APPLICANT.email]);
      expect(letter!.mail.subject).toContain('Richiesta di integrazione');
      expect(letter!.mail.subject).toContain(protocol);
      expect(letter!.mail.text).toContain(MISSING);
    });

    await test.step('the documents arrive (Alt+R): the term resumes with the days left', async () => {
      await casePage.openWithShortcut('receive_integration');
      await expect(casePage.field('effectiveOn')).toHaveValue(/^\d{2}\/\d{2}\/\d{4}$/);
      await casePage.submit.click();
      await expect(casePage.stepDone).toBeVisible();
      await expect(casePage.status).toHaveText('In istruttoria');
      await expect(casePage.clockStatus).toHaveText('Il termine decorre');
      await expect(casePage.clockPause).toHaveCount(0);
      await expect(technician.getByTestId('clock-steps')).toContainText('Integrazione pervenuta il');
      // Documents on the day of the request: no day of the term was lost.
      await expect(casePage.clockDueDate).toHaveText(dueWhileRunning);
      await shot(technician, '08-case-resumed');
    });

    await test.step('decision: accepted, with the grounds and the signed outcome uploaded through the file input', async () => {
      await casePage.openWithShortcut('decide');
      // A rejection would need the preavviso first (art. 10-bis).
      await expect(casePage.field('outcome-rejected')).toBeDisabled();
      await casePage.field('outcome-accepted').check();
      await casePage.field('reason').fill('La diversa distribuzione interna è conforme al regolamento edilizio e al PRG vigente');
      await casePage.field('document').setInputFiles({
        name: 'provvedimento-36bis.pdf',
        mimeType: 'application/pdf',
        buffer: pdfBytes(['Provvedimento n. 12/2026', 'Firmato digitalmente']),
      });
      await expect(technician.getByTestId('case-form-document-chosen')).toContainText('provvedimento-36bis.pdf');
      await shot(technician, '09-form-decision');
      await casePage.submit.click();
      await expect(casePage.stepDone).toBeVisible();
      await expect(casePage.status).toHaveText('Accolta');
      await expect(casePage.clockStatus).toHaveText(/^Procedimento concluso il \d{2}\/\d{2}\/\d{4}$/);
      const decision = casePage.timelineItems().first();
      await expect(decision).toContainText('Decisione: Accolta');
      await expect(decision.getByTestId('timeline-document')).toContainText('provvedimento-36bis.pdf');
      await expect(decision.getByTestId('timeline-letter')).toBeVisible();
      await shot(technician, '10-case-decided');

      // The signed outcome, viewed inside the app from the timeline; Esc closes the viewer, not the case.
      await decision.getByTestId('timeline-document').getByRole('button', { name: 'Visualizza' }).click();
      const viewer = technician.getByTestId('timeline-viewer-dialog');
      await expect(viewer).toBeVisible();
      await expect(viewer.getByTestId('viewer-page')).toHaveText('Pagina 1 di 2');
      await shot(technician, '10b-outcome-viewer');
      await technician.keyboard.press('Escape');
      await expect(viewer).toHaveCount(0);
      await expect(casePage.screen).toBeVisible();

      await casePage.tab('documents').click();
      await expect(technician.getByTestId('document-list')).toContainText('provvedimento-36bis.pdf');
      await shot(technician, '10c-case-documents');
      await casePage.tab('messages').click();
      await expect(technician.getByTestId('message-list')).toContainText('Esito del procedimento');
      await shot(technician, '10d-case-messages');
      await casePage.tab('timeline').click();
    });

    await test.step('closure (Alt+H): only notes remain possible', async () => {
      await casePage.act('close');
      await expect(casePage.screen.getByText(/^Chiusa il \d{2}\/\d{2}\/\d{4}$/)).toBeVisible();
      await expect(technician.getByTestId('case-action-bar').getByRole('button')).toHaveText([/Aggiungi nota/]);
      await shot(technician, '11-case-closed');
    });

    await test.step('both letters reached the SMTP server and are marked sent', async () => {
      const letters = await smtp.waitForReceived(2, 30_000);
      expect(letters[1]!.mail.subject).toContain('Esito del procedimento');
      expect(letters[1]!.envelopeTo).toEqual([APPLICANT.email]);
      await expect.poll(async () => (await instanceMessages()).map((m) => m.status), { timeout: 15_000 }).toEqual(['sent', 'sent']);
    });

    await test.step("the applicant's dossier, opened from the case: the instance, its registration and the letters", async () => {
      await casePage.applicant.click();
      const dossier = new DossierPage(technician);
      await expect(dossier.name).toHaveText(`${APPLICANT.lastName} ${APPLICANT.firstName}`);
      await expect(dossier.party).toContainText(APPLICANT_CF);
      const row = dossier.instanceRow(instanceId);
      await expect(row).toContainText(protocol);
      await expect(row).toContainText('Accolta');
      await expect(dossier.protocol).toContainText(protocol);
      await expect(dossier.protocol).toContainText('In arrivo');
      await expect(dossier.messages.locator('tbody tr')).toHaveCount(2);
      await expect(dossier.messages).toContainText('Richiesta di integrazione');
      await expect(dossier.messages).toContainText('Esito del procedimento');
      await expect(dossier.messages.getByTestId('dossier-message-status')).toHaveText([/^inviata/, /^inviata/]);
      await expect(dossier.section('certificates')).toContainText('Nessun certificato.');
      await expect(dossier.section('payments')).toContainText('Nessun pagamento.');
      await expect(dossier.section('archive')).toContainText('Nessun fascicolo d’archivio.');
      await shot(technician, '12-dossier');

      // From the dossier to the case, and back with Esc.
      await row.getByRole('button', { name: protocol }).click();
      await casePage.expectOpen(protocol);
      await technician.keyboard.press('Escape');
      await expect(casePage.screen).toHaveCount(0);
      await expect(dossier.name).toBeVisible();
    });
    await technician.context().close();
  });

  test('the protocol clerk finds the applicant (a wrong check character is explained) and sees only what her offices may', async ({
    browser,
  }) => {
    const clerk = await signedIn(browser, PROTOCOL_CLERK);
    const dossier = new DossierPage(clerk);
    await dossier.open();
    const last = APPLICANT_CF.charAt(15);
    await dossier.find(APPLICANT_CF.slice(0, 15) + (last === 'A' ? 'B' : 'A'));
    await expect(dossier.searchError).toContainText('carattere di controllo');
    await shot(clerk, '13-dossier-invalid-cf');

    await dossier.find(`ferraro   GIADA`);
    await expect(dossier.resultRow(0)).toContainText(APPLICANT_CF);
    await dossier.resultRow(0).locator('[col-id="name"]').click();
    await clerk.keyboard.press('Enter');
    await expect(dossier.name).toHaveText(`${APPLICANT.lastName} ${APPLICANT.firstName}`);
    // The building office's case is not hers to see; the registration is, as the protocol office keeps the register.
    await expect(dossier.instances).toContainText('Nessuna pratica visibile per i propri uffici.');
    await expect(dossier.protocol).toContainText(protocol);
    await expect(dossier.messages).toContainText('Nessuna comunicazione inviata.');
    await shot(clerk, '14-dossier-clerk');
    await clerk.context().close();
  });
});
