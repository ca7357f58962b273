import { expect, type Locator, type Page } from '@playwright/test';

/** "Fascicolo persona": the registry search and the dossier of a person or business. */
export class DossierPage {
  readonly nav: Locator;
  readonly search: Locator;
  readonly searchError: Locator;
  readonly results: Locator;
  readonly dossier: Locator;
  readonly name: Locator;
  readonly party: Locator;
  readonly instances: Locator;
  readonly protocol: Locator;
  readonly messages: Locator;

  constructor(readonly page: Page) {
    this.nav = page.getByTestId('nav-people');
    this.search = page.getByTestId('people-search');
    this.searchError = page.getByTestId('people-search-error');
    this.results = page.getByTestId('people-results');
    this.dossier = page.getByTestId('dossier');
    this.name = page.getByTestId('dossier-name');
    this.party = page.getByTestId('dossier-party');
    this.instances = page.getByTestId('dossier-instances');
    this.protocol = page.getByTestId('dossier-protocol');
    this.messages = page.getByTestId('dossier-messages');
  }

  async open(): Promise<void> {
    await this.nav.click();
    await expect(this.search).toBeFocused();
  }

  /** Types in the search box and presses Enter, as the page tells the clerk to. */
  async find(text: string): Promise<void> {
    await this.search.fill(text);
    await this.search.press('Enter');
  }

  resultRow(index: number): Locator {
    return this.results.locator(`[role="row"][row-index="${index}"]`);
  }

  section(key: 'certificates' | 'payments' | 'archive'): Locator {
    return this.page.getByTestId(`dossier-${key}`);
  }

  instanceRow(instanceId: number): Locator {
    return this.page.getByTestId(`dossier-instance-${instanceId}`);
  }
}
