import type { Locator, Page } from '@playwright/test';

export interface NewStaff {
  username: string;
  fullName: string;
  email: string;
  role: 'clerk' | 'technician' | 'manager' | 'admin';
  officeIds: number[];
  password: string;
}

/** The administrator's staff screen: the list, the "new user" form and enable/disable. */
export class StaffPage {
  readonly grid: Locator;
  readonly notice: Locator;
  readonly formError: Locator;

  constructor(readonly page: Page) {
    this.grid = page.getByTestId('staff-grid');
    this.notice = page.getByTestId('staff-notice');
    this.formError = page.getByTestId('staff-form-error');
  }

  async create(staff: NewStaff): Promise<void> {
    const p = this.page;
    await p.getByTestId('staff-create-open').click();
    await p.getByTestId('staff-username').fill(staff.username);
    await p.getByTestId('staff-fullname').fill(staff.fullName);
    await p.getByTestId('staff-email').fill(staff.email);
    await p.getByTestId('staff-role').selectOption(staff.role);
    for (const id of staff.officeIds) await p.getByTestId(`staff-office-${id}`).check();
    await p.getByTestId('staff-password').fill(staff.password);
    await p.getByTestId('staff-password-confirm').fill(staff.password);
    await p.getByTestId('staff-create-submit').click();
  }

  async toggle(username: string): Promise<void> {
    await this.page.getByTestId(`staff-toggle-${username}`).click();
    await this.page.getByTestId('confirm-ok').click();
  }

  rowFor(username: string): Locator {
    return this.grid.locator('.ag-row', { hasText: username });
  }
}
