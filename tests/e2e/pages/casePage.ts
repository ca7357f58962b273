import { expect, type Locator, type Page } from '@playwright/test';

export type CaseActionId =
  | 'take_in_charge'
  | 'assign'
  | 'request_integration'
  | 'receive_integration'
  | 'send_preavviso'
  | 'receive_observations'
  | 'request_conformation'
  | 'receive_conformation'
  | 'decide'
  | 'close'
  | 'withdraw'
  | 'add_note';

/** The shortcut each action shows in its tooltip (Alt+<letter>). */
const SHORTCUTS: Record<CaseActionId, string> = {
  take_in_charge: 'P',
  assign: 'A',
  request_integration: 'I',
  receive_integration: 'R',
  send_preavviso: 'V',
  receive_observations: 'R',
  request_conformation: 'C',
  receive_conformation: 'R',
  decide: 'D',
  close: 'H',
  withdraw: 'T',
  add_note: 'N',
};

/** The case screen: header, clock, actions and their forms, timeline, documents and messages. */
export class CasePage {
  readonly screen: Locator;
  readonly protocol: Locator;
  readonly status: Locator;
  readonly assignee: Locator;
  readonly applicant: Locator;
  readonly fascicolo: Locator;
  readonly clock: Locator;
  readonly clockStatus: Locator;
  readonly clockDueDate: Locator;
  readonly clockDays: Locator;
  readonly clockPause: Locator;
  readonly liveUpdate: Locator;
  readonly conflict: Locator;
  readonly actionError: Locator;
  readonly stepDone: Locator;
  readonly form: Locator;
  readonly formTitle: Locator;
  readonly submit: Locator;
  readonly timeline: Locator;
  readonly close: Locator;

  constructor(readonly page: Page) {
    this.screen = page.getByTestId('case-screen');
    this.protocol = page.getByTestId('case-protocol');
    this.status = this.screen.locator('.case-title .pill').first();
    this.assignee = page.getByTestId('case-assignee');
    this.applicant = page.getByTestId('case-applicant');
    this.fascicolo = page.getByTestId('case-fascicolo');
    this.clock = page.getByTestId('clock-panel');
    this.clockStatus = page.getByTestId('clock-status');
    this.clockDueDate = page.getByTestId('clock-due-date');
    this.clockDays = page.getByTestId('clock-days');
    this.clockPause = page.getByTestId('clock-pause');
    this.liveUpdate = page.getByTestId('case-live-update');
    this.conflict = page.getByTestId('case-conflict');
    this.actionError = page.getByTestId('case-action-error');
    this.stepDone = page.getByTestId('case-step-done');
    this.form = page.getByTestId('case-form');
    this.formTitle = page.getByTestId('case-form-title');
    this.submit = page.getByTestId('case-form-submit');
    this.timeline = page.getByTestId('case-timeline');
    this.close = page.getByTestId('case-close');
  }

  async expectOpen(protocol: string): Promise<void> {
    await expect(this.protocol).toHaveText(`Pratica ${protocol}`);
  }

  actionButton(action: CaseActionId): Locator {
    return this.page.getByTestId(`case-action-${action}`);
  }

  field(name: string): Locator {
    return this.page.getByTestId(`case-form-${name}`);
  }

  fieldError(name: string): Locator {
    return this.page.getByTestId(`case-form-error-${name}`);
  }

  timelineItems(): Locator {
    return this.timeline.getByTestId('timeline-item');
  }

  tab(name: 'timeline' | 'documents' | 'messages'): Locator {
    return this.page.getByTestId(`case-tab-${name}`);
  }

  /** Opens an action's form with its keyboard shortcut, as a clerk who knows the screen would. */
  async openWithShortcut(action: CaseActionId): Promise<void> {
    await expect(this.actionButton(action)).toHaveAttribute('aria-keyshortcuts', `Alt+${SHORTCUTS[action]}`);
    await this.page.keyboard.press(`Alt+${SHORTCUTS[action]}`);
    await expect(this.form).toHaveAttribute('data-action', action);
  }

  /** Opens the form, fills the given fields (text areas and inputs by their field name), confirms, waits for the step. */
  async act(action: CaseActionId, fields: Record<string, string> = {}): Promise<void> {
    await this.openWithShortcut(action);
    for (const [name, value] of Object.entries(fields)) await this.field(name).fill(value);
    await this.submit.click();
    await expect(this.stepDone).toBeVisible();
    await expect(this.form).toHaveCount(0);
  }
}
