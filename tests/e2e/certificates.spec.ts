import { CertificatesPage } from './pages/CertificatesPage';
import { Shell } from './pages/Shell';
import { SignInPage } from './pages/SignInPage';
import { withAppDatabase } from './support/database';
import { expect, test } from './support/fixtures';
import { certificateQr, certificateText } from '../support/certificatePdf';
import { ART_40_WORDING } from '../../src/shared/domain/certificates';
import { codiceFiscaleCheckChar } from '../../src/shared/domain/codiceFiscale';

/** Giuseppe Greco, clerk of the Servizi demografici; Laura Ricci, their manager. */
const CLERK = 'g.greco';
const MANAGER = 'l.ricci';
/** Anna Bianchi, administrator: configures the certificate types. */
const ADMIN = 'a.bianchi';
const PASSWORD = 'Scrivania.2026';
const PENSION_NORM = 'art. 9 Tabella B D.P.R. 642/1972';

interface Resident {
  id: number;
  codice_fiscale: string;
  last_name: string;
  first_name: string;
  members: number;
}

/** A resident who heads a household of several people, as the registry holds them. */
async function householdHead(): Promise<Resident> {
  return withAppDatabase(async (db) => {
    const result = await db.query<Resident>(
      `SELECT p.id::int AS id, p.codice_fiscale, p.last_name, p.first_name,
              (SELECT count(*)::int FROM scrivania.household_members o WHERE o.household_id = m.household_id AND o.member_to IS NULL) AS members
         FROM scrivania.persons p
         JOIN scrivania.residences r ON r.person_id = p.id AND r.ended_on IS NULL
         JOIN scrivania.household_members m ON m.person_id = p.id AND m.member_to IS NULL AND m.relationship = 'intestatario_scheda'
        ORDER BY members DESC, p.id
        LIMIT 1`,
    );
    return result.rows[0]!;
  });
}

async function certificatesOf(personId: number): Promise<number> {
  return withAppDatabase(async (db) => {
    const result = await db.query<{ count: number }>('SELECT count(*)::int AS count FROM scrivania.certificates WHERE person_id = $1', [
      personId,
    ]);
    return result.rows[0]!.count;
  });
}

/** A well-formed codice fiscale (right check character) that nobody in the registry has. */
const UNKNOWN_CF = `ZZZZZZ80A01H501${codiceFiscaleCheckChar('ZZZZZZ80A01H501')}`;

test.describe('Certificati', () => {
  test('a clerk issues a residence certificate with bollo and a stato di famiglia with an exemption; both verify; annulled, verification says so', async ({
    app,
  }) => {
    test.setTimeout(180_000);
    const person = await householdHead();
    const holder = new RegExp(`${person.last_name} ${person.first_name}`, 'i');
    const before = await certificatesOf(person.id);
    const certificates = new CertificatesPage(app);
    await new SignInPage(app).signIn(CLERK, PASSWORD);
    await certificates.open();

    await test.step('an unknown codice fiscale gets a clear message', async () => {
      await certificates.findPerson(UNKNOWN_CF);
      await expect(app.getByTestId('counter-search-none')).toContainText(`Nessuna persona corrisponde a «${UNKNOWN_CF}»`);
    });

    const residence =
      await test.step('residence certificate in bollo: the marca number is checked, a double click issues one certificate', async () => {
        await certificates.findPerson(person.codice_fiscale);
        await expect(app.getByTestId('counter-person-name')).toHaveText(`${person.last_name} ${person.first_name}`);
        // The person chosen, the certificates offered take the focus; Enter goes on to the use.
        await expect(app.getByTestId('counter-types').locator('input:focus')).toHaveCount(1);
        await app.getByTestId('counter-type-RESIDENZA').check();
        await app.keyboard.press('Enter');
        await expect(app.getByTestId('counter-use-bollo_paper')).toBeFocused();
        await app.keyboard.press('Space');
        await expect(app.getByTestId('counter-use-bollo_paper')).toBeChecked();
        await app.getByTestId('counter-marca-serial').fill('1234567');
        await certificates.issueButton.click();
        await expect(app.getByTestId('counter-marcaSerial-error')).toHaveText('Il numero della marca da bollo è di 14 cifre.');
        await expect(app.getByTestId('counter-marca-serial')).toBeFocused();
        await app.getByTestId('counter-marca-serial').fill('0123 4567 8901 23');
        await expect(certificates.fee('bollo')).toHaveText('€ 16,00');
        await expect(certificates.fee('diritti')).toHaveText('€ 0,52');
        await expect(certificates.fee('total')).toHaveText('€ 0,52');
        await app.getByTestId('counter-payment-cash').check();
        await certificates.issueButton.dblclick();
        const issued = await certificates.issuedCertificate();
        expect(await certificatesOf(person.id)).toBe(before + 1);
        return issued;
      });

    await test.step('its PDF names the person and the number, bears the art. 40 wording and the marca, and its QR holds the code', async () => {
      const text = certificateText(residence.pdf);
      expect(text).toMatch(holder);
      expect(text).toContain(residence.number);
      expect(text).toContain(ART_40_WORDING);
      expect(text).toContain('01234567890123');
      expect(await certificateQr(residence.pdf)).toContain(residence.code);
    });

    const household =
      await test.step('stato di famiglia in exemption: the norm is shown, no bollo, reduced fees (Alt+N, Alt+R from the keyboard)', async () => {
        await app.keyboard.press('Alt+N');
        await expect(certificates.personSearch).toBeFocused();
        await certificates.findPerson(person.codice_fiscale);
        await app.getByTestId('counter-type-STATO_FAMIGLIA').check();
        await app.getByTestId('counter-use-exempt').check();
        await app.getByTestId('counter-exemption').selectOption('PENSIONE');
        await expect(app.getByTestId('counter-exemption-norm')).toHaveText(`Norma stampata sul certificato: ${PENSION_NORM}`);
        await expect(certificates.fee('bollo')).toHaveText('€ 0,00');
        await expect(certificates.fee('diritti')).toHaveText('€ 0,26');
        await app.getByTestId('counter-payment-card').check();
        await app.keyboard.press('Alt+R');
        return certificates.issuedCertificate();
      });

    await test.step('its PDF prints the exemption’s norm besides the person, the number and the art. 40 wording', async () => {
      const text = certificateText(household.pdf);
      expect(text).toMatch(holder);
      expect(text).toContain(household.number);
      expect(text).toContain(ART_40_WORDING);
      expect(text).toContain(PENSION_NORM);
      expect(await certificateQr(household.pdf)).toContain(household.code);
    });

    await test.step('verification finds both, valid, with their holder and number', async () => {
      for (const issued of [residence, household]) {
        await certificates.verify(issued.code.toLowerCase());
        await expect(certificates.verifyOutcome).toHaveAttribute('data-outcome', 'valid');
        await expect(app.getByTestId('verify-number')).toHaveText(issued.number);
        await expect(app.getByTestId('verify-holder')).toHaveText(holder);
        // Art. 41 DPR 445/2000: registry certificates have a last valid day.
        await expect(app.getByTestId('verify-validity')).toHaveText(/^fino al \d{2}\/\d{2}\/\d{4}$/);
      }
    });

    await test.step('the manager annuls the stato di famiglia from the register; verification then says annulled', async () => {
      await new Shell(app).signOut();
      await new SignInPage(app).signIn(MANAGER, PASSWORD);
      await certificates.nav.click();
      await certificates.tab('register').click();
      await expect(certificates.registerCell(0, 'number')).toHaveText(household.number);
      await certificates.registerCell(0, 'typeName').click();
      await expect(certificates.detail.getByTestId('certificate-code')).toHaveText(household.code);
      await certificates.annulOpened('Rilasciato per errore con l’esenzione sbagliata');
      await expect(certificates.detail.getByTestId('certificate-status')).toHaveText('Annullato');
      // An annulled certificate has no value: no duplicate is offered (the server refuses one too).
      await expect(certificates.detail.getByTestId('certificate-duplicate')).toHaveCount(0);
      await expect(certificates.registerCell(0, 'status')).toHaveText('Annullato');

      await certificates.verify(household.code);
      await expect(certificates.verifyOutcome).toHaveAttribute('data-outcome', 'annulled');
      await expect(certificates.verifyOutcome).toContainText('Certificato annullato');
      await expect(app.getByTestId('verify-reason')).toHaveText('Rilasciato per errore con l’esenzione sbagliata');
      await certificates.verify(residence.code);
      await expect(certificates.verifyOutcome).toHaveAttribute('data-outcome', 'valid');
    });
  });

  test('the administrator sees the birth certificate valid without limit (art. 41 c.1 DPR 445/2000) and the residence one six months', async ({
    app,
  }) => {
    const certificates = new CertificatesPage(app);
    await new SignInPage(app).signIn(ADMIN, PASSWORD);
    await certificates.nav.click();
    await certificates.tab('types').click();
    const row = (code: string) => app.getByTestId('types-table').locator('tr', { has: app.getByTestId(`type-open-${code}`) });
    await expect(row('NASCITA')).toContainText('illimitata');
    await expect(row('RESIDENZA')).toContainText('6 mesi');
    await app.getByTestId('type-open-NASCITA').click();
    await expect(app.getByTestId('type-validityUnlimited')).toBeChecked();
    await expect(app.getByTestId('type-validityMonths')).toHaveCount(0);
    // Unticked, the months are asked again, six by default.
    await app.getByTestId('type-validityUnlimited').uncheck();
    await expect(app.getByTestId('type-validityMonths')).toHaveValue('6');
  });
});
