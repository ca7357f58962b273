import { expect, type Download, type Locator, type Page } from '@playwright/test';

/** "Protocollo": the register grid, the detail of a registration, annulment and the daily register. */
export class ProtocolPage {
  readonly nav: Locator;
  readonly grid: Locator;
  readonly count: Locator;
  readonly detail: Locator;
  readonly annulDialog: Locator;
  readonly dailyDialog: Locator;

  constructor(readonly page: Page) {
    this.nav = page.getByTestId('nav-protocol');
    this.grid = page.getByTestId('protocol-grid');
    this.count = page.getByTestId('protocol-count');
    this.detail = page.getByTestId('protocol-detail');
    this.annulDialog = page.getByTestId('annul-dialog');
    this.dailyDialog = page.getByTestId('daily-register-dialog');
  }

  async open(): Promise<void> {
    await this.nav.click();
    await expect(this.cell(0, 'number')).not.toHaveText('');
  }

  row(index: number): Locator {
    return this.grid.locator(`.ag-row[row-index="${index}"]`).filter({ has: this.page.locator('[col-id="number"]') });
  }

  cell(index: number, colId: string): Locator {
    return this.grid.locator(`[role="row"][row-index="${index}"] [col-id="${colId}"]`).first();
  }

  async select(index: number): Promise<void> {
    await this.cell(index, 'subject').click();
    await expect(this.detail).toBeVisible();
  }

  async annulSelected(reason: string, act: string): Promise<void> {
    await this.detail.getByTestId('annul-open').click();
    await expect(this.annulDialog).toBeVisible();
    await this.annulDialog.getByTestId('annul-reason').fill(reason);
    await this.annulDialog.getByTestId('annul-act').fill(act);
    await this.annulDialog.getByTestId('annul-confirm').click();
    await expect(this.annulDialog).toBeHidden();
  }

  /** Produces the registro giornaliero of a day typed as dd/mm/yyyy and downloads the PDF. */
  async produceDailyRegister(day: string): Promise<Download> {
    await this.page.getByTestId('daily-register-open').click();
    await expect(this.dailyDialog).toBeVisible();
    await this.dailyDialog.getByTestId('daily-register-day').fill(day);
    await this.dailyDialog.getByTestId('daily-register-produce').click();
    await expect(this.dailyDialog.getByTestId('daily-register-result')).toBeVisible({ timeout: 20_000 });
    const download = this.page.waitForEvent('download');
    await this.dailyDialog.getByTestId('daily-register-download').click();
    return download;
  }
}
