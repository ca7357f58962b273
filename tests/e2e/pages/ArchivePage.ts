import { expect, type Download, type Locator, type Page } from '@playwright/test';

/** "Archivio": the search box and its result grid, the dossier drawer, the scan viewer, imports. */
export class ArchivePage {
  readonly nav: Locator;
  readonly search: Locator;
  readonly count: Locator;
  readonly chips: Locator;
  readonly streets: Locator;
  readonly grid: Locator;
  readonly dossier: Locator;
  readonly dossierTitle: Locator;
  readonly documents: Locator;
  readonly purpose: Locator;
  readonly viewer: Locator;
  readonly importPanel: Locator;

  constructor(readonly page: Page) {
    this.nav = page.getByTestId('nav-archive');
    this.search = page.getByTestId('archive-search-input');
    this.count = page.getByTestId('archive-count');
    this.chips = page.getByTestId('archive-chips');
    this.streets = page.getByTestId('archive-streets');
    this.grid = page.getByTestId('archive-grid');
    this.dossier = page.getByTestId('archive-dossier');
    this.dossierTitle = page.getByTestId('archive-dossier-title');
    this.documents = page.getByTestId('archive-documents');
    this.purpose = page.getByTestId('archive-purpose');
    this.viewer = page.getByTestId('archive-viewer');
    this.importPanel = page.getByTestId('archive-import');
  }

  async open(): Promise<void> {
    await this.nav.click();
    await expect(this.search).toBeVisible();
  }

  async searchFor(text: string): Promise<void> {
    await this.search.fill(text);
    await expect(this.count).not.toHaveText(/ricerca in corso/i);
  }

  /** The grid row whose number column reads `label` (e.g. '123/1968'). */
  row(label: string): Locator {
    return this.grid
      .locator('[role="row"]')
      .filter({ has: this.page.locator('[col-id="number"]', { hasText: label }) })
      .first();
  }

  async openDossier(label: string): Promise<void> {
    await this.row(label).locator('[col-id="subject"]').click();
    await expect(this.dossierTitle).toContainText(label);
  }

  /** Opens the dossier's first scan, giving the purpose asked for. */
  async openFirstScan(purpose: { value: string; reference: string }): Promise<void> {
    await this.documents.getByTestId('archive-open-scan').first().click();
    await expect(this.purpose).toBeVisible();
    await this.page.getByTestId('archive-purpose-select').selectOption(purpose.value);
    await this.page.getByTestId('archive-purpose-reference').fill(purpose.reference);
    await this.page.getByTestId('archive-purpose-confirm').click();
    await expect(this.viewer.getByTestId('viewer-canvas')).toHaveAttribute('data-rendered-page', '1');
  }

  async saveStampedCopy(): Promise<Download> {
    const download = this.page.waitForEvent('download');
    await this.viewer.getByTestId('archive-save').click();
    return download;
  }

  async openCampaign(): Promise<void> {
    await this.page.getByTestId('archive-tab-campaign').click();
    await expect(this.page.getByTestId('archive-dashboard')).toBeVisible();
  }

  async startImport(folder: string): Promise<Locator> {
    await this.page.getByTestId('archive-import-folder').fill(folder);
    await this.page.getByTestId('archive-import-start').click();
    const batch = this.importPanel.getByTestId('archive-import-batch').first();
    await expect(batch).toBeVisible();
    return batch;
  }
}
