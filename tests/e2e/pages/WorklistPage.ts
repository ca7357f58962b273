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
    return this.grid.locator(`.ag-center-cols-container .ag-row[row-index="${index}"]`);
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

  /** Scrolls the grid's body so that row `index` is rendered (the grid fetches its block). */
  async scrollToRow(index: number, rowHeight = 32): Promise<void> {
    await this.grid.locator('.ag-body-viewport').evaluate((viewport, top) => {
      viewport.scrollTop = top;
    }, index * rowHeight);
    await expect(this.row(index).locator('[col-id="protocol"]')).not.toHaveText('', { timeout: 15_000 });
  }

  async openColumnFilter(colId: string): Promise<Locator> {
    const header = this.grid.locator(`.ag-header-cell[col-id="${colId}"]`);
    await header.hover();
    await header.locator('.ag-header-cell-filter-button, .ag-header-cell-menu-button').first().click();
    const popup = this.page.locator('.ag-popup .ag-filter, .ag-popup [data-testid^="status-filter"]').first();
    await expect(popup).toBeVisible();
    return popup;
  }

  async filterText(colId: string, text: string): Promise<void> {
    const popup = await this.openColumnFilter(colId);
    await popup.locator('input.ag-input-field-input').first().fill(text);
    await this.page.keyboard.press('Escape');
  }
}
