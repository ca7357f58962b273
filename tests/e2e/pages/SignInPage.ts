import { expect, type Locator, type Page } from '@playwright/test';

export class SignInPage {
  readonly username: Locator;
  readonly password: Locator;
  readonly submit: Locator;
  readonly error: Locator;
  readonly database: Locator;

  constructor(readonly page: Page) {
    this.username = page.getByTestId('signin-username');
    this.password = page.getByTestId('signin-password');
    this.submit = page.getByTestId('signin-submit');
    this.error = page.getByTestId('signin-error');
    this.database = page.getByTestId('signin-database');
  }

  async expectVisible(): Promise<void> {
    await expect(this.username).toBeVisible();
  }

  async signIn(username: string, password: string): Promise<void> {
    await this.username.fill(username);
    await this.password.fill(password);
    await this.password.press('Enter');
  }
}
