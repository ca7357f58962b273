import type { Locator, Page } from '@playwright/test';

/** The frame around every screen after sign-in: navigation, status bar, connection banner. */
export class Shell {
  readonly navMine: Locator;
  readonly navOffice: Locator;
  readonly navUnassigned: Locator;
  readonly navStaff: Locator;
  readonly statusBar: Locator;
  readonly user: Locator;
  readonly ente: Locator;
  readonly database: Locator;
  readonly connection: Locator;
  readonly connectionBanner: Locator;
  readonly signOutButton: Locator;
  readonly languageSwitch: Locator;

  constructor(readonly page: Page) {
    this.navMine = page.getByTestId('nav-mine');
    this.navOffice = page.getByTestId('nav-office');
    this.navUnassigned = page.getByTestId('nav-unassigned');
    this.navStaff = page.getByTestId('nav-staff');
    this.statusBar = page.getByTestId('statusbar');
    this.user = page.getByTestId('statusbar-user');
    this.ente = page.getByTestId('statusbar-ente');
    this.database = page.getByTestId('statusbar-database');
    this.connection = page.getByTestId('statusbar-connection');
    this.connectionBanner = page.getByTestId('connection-banner');
    this.signOutButton = page.getByTestId('signout');
    this.languageSwitch = page.getByTestId('language-switch');
  }

  async signOut(): Promise<void> {
    await this.signOutButton.click();
  }
}
