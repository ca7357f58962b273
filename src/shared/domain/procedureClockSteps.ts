/**
 * The "how this date was computed" explanation of the procedure clock: one step per legal effect,
 * each with the article it applies, a stable code with parameters (for translation: placeholders
 * `{name}` as in the renderer's catalogues, dates as 'YYYY-MM-DD') and the Italian text.
 */
import { isIsoDate, parseIsoDate, type IsoDate } from './calendar';

export const ARTICLES = {
  term: 'L. 241/1990 art. 2; art. 2963 c.2 c.c.',
  sciaTerm: 'L. 241/1990 art. 19 c.3 e c.6-bis; art. 2963 c.2 c.c.',
  integrationSuspension: 'L. 241/1990 art. 2 c.7',
  integrationInterruption: 'DPR 380/2001 art. 20 c.5',
  preavviso: 'L. 241/1990 art. 10-bis',
  sciaConformation: 'L. 241/1990 art. 19 c.3',
  sciaAfterTerm: 'L. 241/1990 art. 19 c.3-4',
  conclusion: 'L. 241/1990 art. 2 c.1',
  holidayExtension: 'art. 2963 c.3 c.c.; art. 155 c.4 c.p.c.',
  dueDate: 'art. 2963 c.c.; art. 155 c.p.c.',
  tacitApproval: 'L. 241/1990 art. 20 c.1',
  tacitApprovalExcluded: 'L. 241/1990 art. 20 c.4; DPR 380/2001 art. 20 c.8',
} as const;

const STEP_DEFINITIONS = {
  received: {
    article: ARTICLES.term,
    it: 'Istanza ricevuta il {on}: il termine di {termDays} giorni decorre dal giorno successivo (il giorno di ricevimento non si computa).',
  },
  scia_received: {
    article: ARTICLES.sciaTerm,
    it: "Segnalazione ricevuta il {on}: i {termDays} giorni per vietare la prosecuzione dell'attività decorrono dal giorno successivo.",
  },
  integration_suspended: {
    article: ARTICLES.integrationSuspension,
    it: 'Richiesta di integrazione del {on}: il termine è sospeso (una sola volta, per non più di 30 giorni) con {termDaysLeft} giorni ancora da decorrere; senza risposta riprende da solo dopo il {suspendedUntil}.',
  },
  integration_received: {
    article: ARTICLES.integrationSuspension,
    it: 'Integrazione pervenuta il {on}: {suspendedDays} giorni di sospensione; il termine riprende dal giorno successivo con {termDaysLeft} giorni.',
  },
  integration_lapsed: {
    article: ARTICLES.integrationSuspension,
    it: 'Integrazione non pervenuta entro il {suspendedUntil} (30 giorni dalla richiesta): la sospensione finisce e il termine riprende con {termDaysLeft} giorni.',
  },
  integration_no_effect: {
    article: ARTICLES.integrationSuspension,
    it: 'Integrazione pervenuta il {on}: il termine non era sospeso per questa richiesta, la scadenza non cambia.',
  },
  integration_once_only: {
    article: ARTICLES.integrationSuspension,
    it: 'Nuova richiesta di integrazione del {on}: il termine non si sospende di nuovo, la sospensione è ammessa una sola volta.',
  },
  integration_not_suspensible: {
    article: ARTICLES.integrationSuspension,
    it: 'Richiesta di integrazione del {on}: per questo procedimento il catalogo non ammette la sospensione del termine.',
  },
  integration_scia: {
    article: ARTICLES.sciaConformation,
    it: "Richiesta di integrazione del {on}: il termine per vietare l'attività non si sospende; lo interrompe solo l'invito a conformarsi.",
  },
  integration_after_expiry: {
    article: ARTICLES.integrationSuspension,
    it: 'Richiesta di integrazione del {on}: il termine era già scaduto il {dueDate}, la richiesta non lo sospende.',
  },
  integration_interrupted: {
    article: ARTICLES.integrationInterruption,
    it: 'Richiesta di integrazione del {on}, entro 30 giorni dalla domanda: il termine è interrotto e ricomincerà per intero ({termDays} giorni) dal ricevimento dei documenti.',
  },
  integration_interruption_too_late: {
    article: ARTICLES.integrationInterruption,
    it: 'Richiesta di integrazione del {on}, oltre i 30 giorni dalla domanda (scaduti il {windowEnd}): il termine non si interrompe.',
  },
  integration_restarted: {
    article: ARTICLES.integrationInterruption,
    it: 'Documenti integrativi pervenuti il {on}: il termine ricomincia per intero, {termDays} giorni dal giorno successivo.',
  },
  preavviso_suspended: {
    article: ARTICLES.preavviso,
    it: 'Preavviso di rigetto del {on}, ricevuto il {deliveredOn}: il termine è sospeso con {termDaysLeft} giorni ancora da decorrere; osservazioni entro il {answerBy}.',
  },
  preavviso_scia: {
    article: ARTICLES.sciaConformation,
    it: "Preavviso di rigetto del {on}: il termine per vietare l'attività segnalata non si sospende; lo interrompe solo l'invito a conformarsi.",
  },
  preavviso_after_expiry: {
    article: ARTICLES.preavviso,
    it: 'Preavviso di rigetto del {on}: il termine era già scaduto il {dueDate}, il preavviso non lo sospende.',
  },
  observations_received: {
    article: ARTICLES.preavviso,
    it: 'Osservazioni pervenute il {on}: il termine resta sospeso fino al {suspendedUntil} (dieci giorni dopo) e poi riprende con {termDaysLeft} giorni.',
  },
  observations_lapsed: {
    article: ARTICLES.preavviso,
    it: 'Nessuna osservazione entro il {answerBy}: il termine riprende dal giorno successivo con {termDaysLeft} giorni.',
  },
  observations_no_effect: {
    article: ARTICLES.preavviso,
    it: 'Osservazioni pervenute il {on}: il termine non era sospeso per questo preavviso, la scadenza non cambia.',
  },
  conformation_interrupted: {
    article: ARTICLES.sciaConformation,
    it: 'Invito a conformarsi del {on}: il termine per vietare è interrotto; conformazione entro il {answerBy}; dalla comunicazione del privato ricomincerà per intero ({termDays} giorni).',
  },
  conformation_after_expiry: {
    article: ARTICLES.sciaAfterTerm,
    it: "Invito a conformarsi del {on}: il termine per vietare era già scaduto il {dueDate} e non si interrompe; restano i soli poteri dell'art. 19 c.4.",
  },
  conformation_answered: {
    article: ARTICLES.sciaConformation,
    it: 'Conformazione comunicata il {on}: il termine ricomincia per intero, {termDays} giorni dal giorno successivo.',
  },
  conformation_lapsed: {
    article: ARTICLES.sciaConformation,
    it: "Nessuna conformazione entro il {answerBy}: l'attività si intende vietata dal {deemedProhibitedOn}.",
  },
  conformation_late: {
    article: ARTICLES.sciaConformation,
    it: "Conformazione comunicata il {on}, oltre il termine del {answerBy}: l'attività si intende già vietata, il termine non ricomincia.",
  },
  conformation_no_effect: {
    article: ARTICLES.sciaAfterTerm,
    it: 'Conformazione comunicata il {on}: il termine non era interrotto da questo invito, la scadenza non cambia.',
  },
  decided: {
    article: ARTICLES.conclusion,
    it: 'Decisione del {on}: il procedimento è concluso e il termine si ferma.',
  },
  withdrawn: {
    article: ARTICLES.conclusion,
    it: "Rinuncia all'istanza del {on}: il procedimento si chiude e il termine si ferma.",
  },
  term_end_moved: {
    article: ARTICLES.holidayExtension,
    it: 'Il termine finirebbe il {termEnd}, giorno non lavorativo ({closedDays}): la scadenza passa al primo giorno seguente non festivo, il {dueDate}.',
  },
  due_date: {
    article: ARTICLES.dueDate,
    it: 'Scadenza del termine: {dueDate}.',
  },
  due_date_if_no_answer: {
    article: ARTICLES.dueDate,
    it: 'Senza risposta entro il {answerBy}, la scadenza è il {dueDate}; una risposta la ricalcola.',
  },
  decided_late: {
    article: ARTICLES.conclusion,
    it: 'La decisione del {on} è arrivata {overdueDays} giorni dopo la scadenza del {dueDate}.',
  },
  prohibition_deadline: {
    article: ARTICLES.sciaAfterTerm,
    it: "Il divieto di prosecuzione dell'attività può essere adottato entro il {dueDate}; dopo, solo alle condizioni dell'art. 21-nonies (art. 19 c.4).",
  },
  tacit_approval: {
    article: ARTICLES.tacitApproval,
    it: 'Senza un diniego comunicato entro il {dueDate}, dal {tacitApprovalOn} la domanda si intende accolta (silenzio-assenso).',
  },
  tacit_approval_excluded: {
    article: ARTICLES.tacitApprovalExcluded,
    it: 'Silenzio-assenso escluso per vincoli ambientali, paesaggistici o culturali: serve un provvedimento espresso.',
  },
} as const satisfies Record<string, { article: string; it: string }>;

export type ClockStepCode = keyof typeof STEP_DEFINITIONS;

export type ClockStepParams = Readonly<Record<string, string | number>>;

export interface ClockStep {
  /** The day the step happened or refers to. */
  on: IsoDate;
  code: ClockStepCode;
  /** The norm applied, e.g. 'L. 241/1990 art. 2 c.7'. */
  article: string;
  /** Values of the placeholders in the text; dates as 'YYYY-MM-DD', days as numbers. */
  params: ClockStepParams;
  /** The step in Italian, dates as gg/mm/aaaa. */
  text: string;
}

/** 'YYYY-MM-DD' as the Italian 'gg/mm/aaaa'. */
export function formatItalianDate(date: IsoDate): string {
  const { year, month, day } = parseIsoDate(date);
  return `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${String(year).padStart(4, '0')}`;
}

/** Fills `{name}` placeholders, writing dates the Italian way. Throws if a placeholder has no value. */
export function fillTemplate(template: string, params: ClockStepParams): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`procedure clock: no value for {${name}} in "${template}"`);
    return typeof value === 'string' && isIsoDate(value) ? formatItalianDate(value) : String(value);
  });
}

export function clockStep(on: IsoDate, code: ClockStepCode, params: ClockStepParams = {}): ClockStep {
  const definition = STEP_DEFINITIONS[code];
  const allParams = { on, ...params };
  return { on, code, article: definition.article, params: allParams, text: fillTemplate(definition.it, allParams) };
}

/** The Italian template of every step code (placeholders `{name}`), e.g. to seed the UI catalogues. */
export const CLOCK_STEP_TEMPLATES_IT: Readonly<Record<ClockStepCode, string>> = Object.fromEntries(
  Object.entries(STEP_DEFINITIONS).map(([code, definition]) => [code, definition.it]),
) as Record<ClockStepCode, string>;
