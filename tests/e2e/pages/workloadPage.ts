import { expect, type Locator, type Page } from '@playwright/test';

/** "Carichi di lavoro": the dashboard, its drill-down grid with the bulk reassignment, the risk list. */
export class WorkloadPage {
  readonly nav: Locator;
  readonly scopeKind: Locator;
  readonly scopeTarget: Locator;
  readonly riskDays: Locator;
  readonly asOf: Locator;
  readonly drill: Locator;
  readonly drillTitle: Locator;
  readonly drillGrid: Locator;
  readonly bulkCount: Locator;
  readonly bulkPerson: Locator;
  readonly bulkReason: Locator;
  readonly bulkSubmit: Locator;
  readonly bulkOutcome: Locator;
  readonly tacitRows: Locator;

  constructor(readonly page: Page) {
    this.nav = page.getByTestId('nav-workload');
    this.scopeKind = page.getByTestId('workload-scope-kind');
    this.scopeTarget = page.getByTestId('workload-scope-target');
    this.riskDays = page.getByTestId('workload-risk-days');
    this.asOf = page.getByTestId('workload-asof');
    this.drill = page.getByTestId('workload-drill');
    this.drillTitle = this.drill.locator('h2');
    this.drillGrid = page.getByTestId('workload-drill-grid');
    this.bulkCount = page.getByTestId('workload-bulk-count');
    this.bulkPerson = page.getByTestId('workload-bulk-person');
    this.bulkReason = page.getByTestId('workload-bulk-reason');
    this.bulkSubmit = page.getByTestId('workload-bulk-submit');
    this.bulkOutcome = page.getByTestId('workload-bulk-outcome');
    this.tacitRows = page.getByTestId('tacit-risk-row');
  }

  async open(): Promise<void> {
    await this.nav.click();
    await expect(this.bar('overdue')).toBeVisible({ timeout: 30_000 });
  }

  /** Narrows the dashboard to an office (or person, procedure) chosen by its name. */
  async scopeTo(kind: 'office' | 'person' | 'procedure', name: string): Promise<void> {
    await this.scopeKind.selectOption(kind);
    await this.scopeTarget.selectOption({ label: name });
    await expect(this.asOf).toContainText(name);
  }

  bar(metric: string): Locator {
    return this.page.getByTestId(`bar-${metric}`);
  }

  async barValue(metric: string): Promise<number> {
    const value = this.page.getByTestId(`bar-${metric}-value`);
    await expect(value).toHaveText(/\d/);
    return Number((await value.innerText()).replace(/\D/g, ''));
  }

  /** The count in the drill-down's title ("Scadute: 12"), once counted. */
  async drillTotal(): Promise<number> {
    await expect(this.drillTitle).toHaveText(/: [\d.]+$/);
    return Number((await this.drillTitle.innerText()).split(':').at(-1)!.replace(/\D/g, ''));
  }

  drillRow(index: number): Locator {
    return this.drillGrid.locator(`[role="row"][row-index="${index}"]`);
  }

  async drillCell(index: number, colId: string): Promise<string> {
    const cell = this.drillRow(index).locator(`[col-id="${colId}"]`);
    await expect(cell).not.toHaveText('');
    return (await cell.innerText()).trim();
  }

  /** Ticks the row's checkbox (in the pinned selection column or the row itself, as ag-grid lays it out). */
  async tick(index: number): Promise<void> {
    await this.drillGrid.locator(`[role="row"][row-index="${index}"] .ag-selection-checkbox input`).first().check();
  }

  async reassign(personName: string, reason: string): Promise<void> {
    const option = this.bulkPerson.locator('option', { hasText: personName });
    await this.bulkPerson.selectOption((await option.first().getAttribute('value')) ?? '');
    await this.bulkReason.fill(reason);
    await this.bulkSubmit.click();
  }
}
