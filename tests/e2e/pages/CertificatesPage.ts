import fs from 'node:fs';
import { expect, type Locator, type Page } from '@playwright/test';

export interface IssuedCertificate {
  number: string;
  code: string;
  pdf: Uint8Array;
}

/** "Certificati": the counter, the register with its detail and annulment, verification. */
export class CertificatesPage {
  readonly nav: Locator;
  readonly counter: Locator;
  readonly personSearch: Locator;
  readonly issueButton: Locator;
  readonly issued: Locator;
  readonly registerGrid: Locator;
  readonly detail: Locator;
  readonly annulDialog: Locator;
  readonly verifyCode: Locator;
  readonly verifyOutcome: Locator;

  constructor(readonly page: Page) {
    this.nav = page.getByTestId('nav-certificates');
    this.counter = page.getByTestId('counter');
    this.personSearch = page.getByTestId('counter-person-search');
    this.issueButton = page.getByTestId('counter-issue');
    this.issued = page.getByTestId('counter-issued');
    this.registerGrid = page.getByTestId('register-grid');
    this.detail = page.getByTestId('certificate-detail');
    this.annulDialog = page.getByTestId('certificate-annul-dialog');
    this.verifyCode = page.getByTestId('verify-code');
    this.verifyOutcome = page.getByTestId('verify-outcome');
  }

  async open(): Promise<void> {
    await this.nav.click();
    await expect(this.personSearch).toBeFocused();
  }

  tab(name: 'counter' | 'register' | 'verify' | 'types'): Locator {
    return this.page.getByTestId(`certificates-tab-${name}`);
  }

  /** Types the search and presses Enter, as a clerk does with the citizen's card in hand. */
  async findPerson(text: string): Promise<void> {
    await this.personSearch.fill(text);
    await this.personSearch.press('Enter');
  }

  fee(name: 'bollo' | 'diritti' | 'total'): Locator {
    return this.page.getByTestId(`counter-fee-${name}`);
  }

  /** The number, the verification code and the PDF (saved through "Salva PDF") of the certificate just issued. */
  async issuedCertificate(): Promise<IssuedCertificate> {
    await expect(this.issued).toBeVisible({ timeout: 20_000 });
    const number = (await this.page.getByTestId('counter-issued-number').innerText()).trim();
    const code = (await this.page.getByTestId('counter-issued-code').innerText()).trim();
    const download = this.page.waitForEvent('download');
    await this.issued.getByTestId('certificate-save').click();
    const file = await (await download).path();
    return { number, code, pdf: new Uint8Array(fs.readFileSync(file)) };
  }

  registerCell(index: number, colId: string): Locator {
    return this.registerGrid.locator(`[role="row"][row-index="${index}"] [col-id="${colId}"]`).first();
  }

  async annulOpened(reason: string): Promise<void> {
    await this.detail.getByTestId('certificate-annul').click();
    await expect(this.annulDialog).toBeVisible();
    await this.annulDialog.getByTestId('certificate-annul-reason').fill(reason);
    await this.annulDialog.getByTestId('certificate-annul-confirm').click();
    await expect(this.annulDialog).toBeHidden();
  }

  async verify(code: string): Promise<void> {
    await this.tab('verify').click();
    await this.verifyCode.fill(code);
    await this.verifyCode.press('Enter');
  }
}
