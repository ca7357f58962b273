import type { Locator, Page } from '@playwright/test';

export interface DeskApplicant {
  codiceFiscale: string;
  lastName: string;
  firstName: string;
  pec?: string;
}

/** "Arrivi": the inbox grids, the arrival panel, the quarantine and the desk entry form. */
export class IntakePage {
  readonly nav: Locator;
  readonly notice: Locator;
  readonly pendingTab: Locator;
  readonly quarantineTab: Locator;
  readonly pendingGrid: Locator;
  readonly quarantineGrid: Locator;
  readonly deskOpen: Locator;
  readonly desk: Locator;
  readonly deskError: Locator;
  readonly arrival: Locator;

  constructor(readonly page: Page) {
    this.nav = page.getByTestId('nav-intake');
    this.notice = page.getByTestId('intake-notice');
    this.pendingTab = page.getByTestId('intake-tab-pending');
    this.quarantineTab = page.getByTestId('intake-tab-quarantine');
    this.pendingGrid = page.getByTestId('intake-grid-pending');
    this.quarantineGrid = page.getByTestId('intake-grid-quarantine');
    this.deskOpen = page.getByTestId('intake-desk-open');
    this.desk = page.getByTestId('desk-panel');
    this.deskError = page.getByTestId('desk-error');
    this.arrival = page.getByTestId('arrival-panel');
  }

  field(prefix: 'desk' | 'arrival', name: string): Locator {
    return this.page.getByTestId(`${prefix}-${name}`);
  }

  fieldError(prefix: 'desk' | 'arrival', name: string): Locator {
    return this.page.getByTestId(`${prefix}-${name}-error`);
  }

  async fillApplicant(prefix: 'desk' | 'arrival', applicant: DeskApplicant): Promise<void> {
    await this.field(prefix, 'codiceFiscale').fill(applicant.codiceFiscale);
    await this.field(prefix, 'lastName').fill(applicant.lastName);
    await this.field(prefix, 'firstName').fill(applicant.firstName);
    if (applicant.pec) await this.field(prefix, 'pec').fill(applicant.pec);
  }

  async attachToDesk(files: Array<{ name: string; mimeType: string; buffer: Buffer }>): Promise<void> {
    await this.page.getByTestId('desk-files').setInputFiles(files);
  }

  pendingRow(text: string): Locator {
    return this.pendingGrid.locator('.ag-row', { hasText: text });
  }

  /** Opens an arrival from the keyboard: focus its row, then Enter. */
  async openArrival(text: string): Promise<void> {
    await this.pendingRow(text).locator('.ag-cell').first().click();
    await this.page.keyboard.press('Enter');
  }
}
