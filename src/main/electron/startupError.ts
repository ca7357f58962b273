/**
 * What the user reads when the app cannot start (the database did not start, or its schema is not
 * one this version knows). Pure: unit-tested; main.ts shows it with `dialog.showErrorBox`.
 * The technical message is appended for the help desk; stack traces stay in the log.
 */
import { isUnreachable } from '../db/errors';

export interface StartupErrorText {
  title: string;
  message: string;
}

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function technicalDetail(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.length > 500 ? `${message.slice(0, 500)}…` : message;
}

export function startupErrorText(error: unknown): StartupErrorText {
  const title = 'Scrivania non può avviarsi';
  const code = codeOf(error);
  let explanation: string;
  if (code === 'schema_behind') {
    explanation =
      'Il database del Comune non è aggiornato a questa versione di Scrivania. ' +
      "Chiedere all'amministratore di sistema di aggiornare il database, poi riaprire Scrivania.";
  } else if (code === 'schema_ahead') {
    explanation =
      'Il database del Comune è stato aggiornato a una versione più recente di Scrivania. ' +
      'Installare la versione più recente di Scrivania, poi riaprirla.';
  } else if (code === 'unavailable' || isUnreachable(error)) {
    explanation =
      'Il server del database non risponde. Verificare la connessione alla rete del Comune e riprovare; ' +
      "se il problema continua, contattare l'assistenza informatica.";
  } else {
    explanation =
      'Non è stato possibile avviare il database di Scrivania. Riprovare tra qualche istante; ' +
      "se il problema continua, contattare l'assistenza informatica indicando il messaggio qui sotto.";
  }
  return { title, message: `${explanation}\n\nDettaglio tecnico: ${technicalDetail(error)}` };
}
