import { expect, type Locator, type Page } from '@playwright/test';

/** "Le mie pratiche" and the other worklists: an ag-grid on the Infinite Row Model. */
export class WorklistPage {
  readonly grid: Locator;
  readonly search: Locator;
  readonly count: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.grid = page.getByTestId('worklist-grid');
    this.search = page.getByTestId('worklist-search');
    this.count = page.getByTestId('worklist-count');
    this.error = page.getByTestId('worklist-error');
  }

  /** The number in "N pratiche", as the user reads it (Italian thousands separator). */
  async total(): Promise<number> {
    await expect(this.count).toHaveText(/\d/);
    return Number((await this.count.innerText()).replace(/\D/g, ''));
  }

  row(index: number): Locator {
    return this.grid.locator(`[role="row"][row-index="${index}"]`);
  }

  cell(index: number, colId: string): Locator {
    return this.row(index).locator(`[col-id="${colId}"]`);
  }

  async cellText(index: number, colId: string): Promise<string> {
    const cell = this.cell(index, colId);
    await expect(cell).not.toHaveText('');
    return (await cell.innerText()).trim();
  }

  /** The texts of one column for the rendered rows 0..count-1. */
  async columnTexts(colId: string, count: number): Promise<string[]> {
    const texts: string[] = [];
    for (let i = 0; i < count; i += 1) texts.push(await this.cellText(i, colId));
    return texts;
  }

  async waitForRows(): Promise<void> {
    await expect(this.row(0).locator('[col-id="protocol"]')).not.toHaveText('');
  }

  async sortBy(colId: string): Promise<void> {
    await this.grid.locator(`.ag-header-cell[col-id="${colId}"] .ag-header-cell-label`).click();
  }

  /** Scrolls with the mouse wheel, as a user would, until row `index` is rendered (its block fetched). */
  async scrollToRow(index: number, rowHeight = 32): Promise<void> {
    await this.grid.hover();
    const target = this.row(index).locator('[col-id="protocol"]');
    for (let scrolled = 0; scrolled < index * rowHeight * 2 && (await target.count()) === 0; scrolled += 600) {
      await this.page.mouse.wheel(0, 600);
    }
    await expect(target).not.toHaveText('', { timeout: 15_000 });
  }

  async openColumnFilter(colId: string): Promise<Locator> {
    const header = this.grid.locator(`.ag-header-cell[col-id="${colId}"]`);
    await header.hover();
    await header.locator('.ag-header-cell-filter-button, .ag-header-cell-menu-button').first().click();
    const popup = this.page.locator('.ag-popup .ag-filter, .ag-popup [data-testid^="status-filter"]').first();
    await expect(popup).toBeVisible();
    return popup;
  }

  /** Widens the status filter from the default (open cases) to every status. */
  async showAllStatuses(): Promise<void> {
    await this.openColumnFilter('status');
    await this.page.locator('.ag-popup').getByRole('button', { name: 'Tutti' }).click();
    await this.page.keyboard.press('Escape');
  }

  async filterText(colId: string, text: string): Promise<void> {
    const popup = await this.openColumnFilter(colId);
    await popup.locator('input.ag-input-field-input').first().fill(text);
    await this.page.keyboard.press('Escape');
  }
}
