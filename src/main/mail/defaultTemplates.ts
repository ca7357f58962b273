import type { MessageTemplate, MessageTemplateCode } from '../../shared/domain/messageTemplates';

/**
 * The default texts of the communications to the applicant, in the formal style of an Italian
 * administration, each citing the norm it applies. An ente may override any of them
 * (scrivania.message_templates); the placeholders are those of src/shared/domain/messageTemplates.ts.
 */

const LETTERHEAD = "{{ente}}\n{{ufficio}}\n\nAll'attenzione di {{richiedente}}";

const REFERENCE = "con riferimento all'istanza presentata in data {{data_presentazione}}, acquisita al protocollo n. {{protocollo}}";

function subjectLine(title: string): string {
  return `OGGETTO: ${title} – {{procedimento}}: {{oggetto}}.`;
}

const SIGNATURE = 'Distinti saluti.\n\nIl responsabile del procedimento\n{{responsabile}}';

/** Art. 3 c.4 L. 241/1990: every decision states the term and the authority for an appeal. */
const REMEDIES =
  "Ai sensi dell'art. 3, comma 4, della Legge 7 agosto 1990, n. 241, si informa che avverso il provvedimento è ammesso " +
  'ricorso giurisdizionale al Tribunale Amministrativo Regionale competente entro sessanta giorni dalla notificazione ' +
  'o dalla piena conoscenza dello stesso (art. 29 del D.Lgs. 2 luglio 2010, n. 104), oppure, in alternativa, ricorso ' +
  'straordinario al Presidente della Repubblica entro centoventi giorni (art. 9 del D.P.R. 24 novembre 1971, n. 1199).';

const DOCUMENTS_AVAILABLE =
  'Il provvedimento e gli atti del procedimento sono consultabili presso {{ufficio}}, ai sensi degli artt. 22 e seguenti ' +
  'della Legge n. 241/1990.';

/** Letterhead, subject line, the paragraphs, signature: separated by blank lines, as a letter is. */
function letter(title: string, ...paragraphs: string[]): string {
  return `${[LETTERHEAD, subjectLine(title), ...paragraphs, SIGNATURE].join('\n\n')}\n`;
}

/** The final decision's communication: `outcome` for the subject, `conclusion` completes "si è concluso con …". */
function decision(outcome: string, conclusion: string, ...reasons: string[]): MessageTemplate {
  return {
    subject: `Esito del procedimento: ${outcome} – prot. n. {{protocollo}}`,
    body: letter(
      'Comunicazione del provvedimento finale',
      `${capitalised(REFERENCE)}, si comunica che il procedimento si è concluso con ${conclusion}.`,
      ...reasons,
      DOCUMENTS_AVAILABLE,
      REMEDIES,
    ),
  };
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export const DEFAULT_TEMPLATES: Record<MessageTemplateCode, MessageTemplate> = {
  procedure_started: {
    subject: 'Avvio del procedimento – prot. n. {{protocollo}}',
    body: letter(
      'Comunicazione di avvio del procedimento ai sensi degli artt. 7 e 8 della Legge 7 agosto 1990, n. 241',
      `${capitalised(REFERENCE)}, si comunica l'avvio del relativo procedimento amministrativo e, ai sensi dell'art. 8 della Legge n. 241/1990, si informa che:`,
      [
        "- l'amministrazione competente è {{ente}};",
        "- l'oggetto del procedimento è: {{procedimento}} – {{oggetto}};",
        "- l'ufficio competente, presso il quale è possibile prendere visione degli atti, è {{ufficio}};",
        '- il responsabile del procedimento è {{responsabile}};',
        "- la data di presentazione dell'istanza è il {{data_presentazione}};",
        '- il procedimento deve concludersi entro il {{data_conclusione}}.',
      ].join('\n'),
      "In caso di inerzia dell'Amministrazione, decorso inutilmente il termine di conclusione, è possibile rivolgersi al " +
        "titolare del potere sostitutivo individuato dall'Ente ai sensi dell'art. 2, comma 9-bis, della Legge n. 241/1990, " +
        'affinché concluda il procedimento entro un termine pari alla metà di quello originariamente previsto (art. 2, ' +
        'comma 9-ter), nonché proporre ricorso al Tribunale Amministrativo Regionale avverso il silenzio ai sensi degli ' +
        "artt. 31 e 117 del D.Lgs. 2 luglio 2010, n. 104, finché perdura l'inadempimento e comunque non oltre un anno " +
        'dalla scadenza del termine di conclusione del procedimento.',
    ),
  },

  integration_request: {
    subject: 'Richiesta di integrazione documentale – prot. n. {{protocollo}}',
    body: letter(
      "Richiesta di integrazione documentale ai sensi dell'art. 2, comma 7, della Legge 7 agosto 1990, n. 241",
      `${capitalised(REFERENCE)}, a seguito dell'istruttoria svolta si richiede la trasmissione della seguente documentazione integrativa:`,
      '{{documenti}}',
      'La documentazione dovrà pervenire a questo Ufficio entro e non oltre il {{termine}}, indicando nella comunicazione ' +
        "il numero di protocollo dell'istanza.",
      "Ai sensi dell'art. 2, comma 7, della Legge n. 241/1990, il termine di conclusione del procedimento è sospeso, per " +
        'una sola volta e per un periodo non superiore a trenta giorni, dalla data della presente richiesta, e riprenderà a ' +
        'decorrere per il periodo residuo dalla data di ricevimento della documentazione richiesta. In mancanza della ' +
        'documentazione entro il termine indicato, il procedimento sarà concluso sulla base degli atti disponibili.',
    ),
  },

  preavviso_rigetto: {
    subject: "Comunicazione dei motivi ostativi all'accoglimento dell'istanza – prot. n. {{protocollo}}",
    body: letter(
      "Comunicazione dei motivi ostativi all'accoglimento dell'istanza (preavviso di rigetto) ai sensi dell'art. 10-bis " +
        'della Legge 7 agosto 1990, n. 241',
      `${capitalised(REFERENCE)}, prima della formale adozione di un provvedimento negativo, si comunicano i seguenti motivi ` +
        "che ostano all'accoglimento della domanda:",
      '{{motivazione}}',
      'Entro il termine di dieci giorni dal ricevimento della presente comunicazione, è possibile presentare per iscritto ' +
        'le proprie osservazioni, eventualmente corredate da documenti, indirizzandole a {{ufficio}} e indicando il numero ' +
        "di protocollo dell'istanza.",
      "Ai sensi dell'art. 10-bis della Legge n. 241/1990, la presente comunicazione sospende i termini di conclusione del " +
        'procedimento, che ricominciano a decorrere dieci giorni dopo la presentazione delle osservazioni o, in mancanza ' +
        "delle stesse, dalla scadenza del termine di dieci giorni sopra indicato. Dell'eventuale mancato accoglimento delle " +
        'osservazioni sarà data ragione nella motivazione del provvedimento finale.',
    ),
  },

  scia_conformation: {
    subject: "Invito a conformare l'attività segnalata (SCIA) – prot. n. {{protocollo}}",
    body: letter(
      "Invito a conformare l'attività oggetto di segnalazione certificata di inizio attività ai sensi dell'art. 19, " +
        'comma 3, della Legge 7 agosto 1990, n. 241',
      'Con riferimento alla segnalazione certificata di inizio attività presentata in data {{data_presentazione}}, ' +
        'acquisita al protocollo n. {{protocollo}}, a seguito dei controlli svolti è stata accertata la carenza dei ' +
        'requisiti e dei presupposti di legge per i seguenti motivi:',
      '{{motivazione}}',
      "Essendo possibile conformare l'attività intrapresa e i suoi effetti alla normativa vigente, si invita a provvedere " +
        'adottando le seguenti misure:',
      '{{prescrizioni}}',
      'Le misure dovranno essere adottate, dandone comunicazione a {{ufficio}}, entro e non oltre il {{termine}}. In ' +
        "difetto di adozione delle misure entro tale termine, l'attività si intende vietata.",
      "Ai sensi dell'art. 19, comma 3, della Legge n. 241/1990, il presente atto interrompe il termine per l'adozione dei " +
        "provvedimenti di divieto di prosecuzione dell'attività, che ricomincia a decorrere dalla data in cui viene " +
        "comunicata l'adozione delle misure prescritte.",
    ),
  },

  decision_accepted: decision('istanza accolta', "l'accoglimento dell'istanza"),

  decision_partially_accepted: decision(
    'istanza accolta parzialmente',
    "l'accoglimento parziale dell'istanza",
    "L'istanza non è stata accolta per la parte e per i motivi di seguito indicati:",
    '{{motivazione}}',
  ),

  decision_rejected: decision(
    'istanza respinta',
    "il rigetto dell'istanza",
    "L'istanza è stata respinta per i seguenti motivi, che tengono conto delle osservazioni eventualmente presentate ai " +
      "sensi dell'art. 10-bis della Legge n. 241/1990:",
    '{{motivazione}}',
  ),
};
