/**
 * The demo Comune's planning instrument: a Piano regolatore generale with its zones (D.M. 1444/1968
 * homogeneous zones), the articles of its rules (NTA) with their prescriptions, and the constraints
 * (vincoli) that bind parts of the territory. The texts follow the way Umbrian PRGs are written.
 */
import type { ConstraintKind, PlanningInstrumentKind } from '../../shared/domain/cdu';

export interface DemoInstrument {
  kind: PlanningInstrumentKind;
  name: string;
  approvalAct: string;
  approvedOn: string;
  inForceFrom: string;
}

export const DEMO_PRG: DemoInstrument = {
  kind: 'PRG',
  name: 'Piano regolatore generale del Comune di Montesereno (parte strutturale e operativa)',
  approvalAct: 'Delibera del Consiglio comunale n. 38 del 27/06/2005, variante generale approvata con D.C.C. n. 12 del 14/03/2016',
  approvedOn: '2005-06-27',
  inForceFrom: '2005-08-04',
};

export interface DemoArticle {
  number: string;
  title: string;
  text: string;
}

/** Articles that apply to every buildable zone, printed after the zone's own article. */
const GENERAL = {
  indici: {
    number: '8',
    title: 'Parametri e indici urbanistici',
    text:
      "L'indice di fabbricabilità fondiaria (If) esprime il volume massimo, in metri cubi, costruibile per ogni metro quadrato di superficie fondiaria. " +
      "L'altezza massima (H) si misura dalla quota media del terreno sistemato alla linea di gronda. Il rapporto di copertura (Rc) è il rapporto tra la superficie coperta e la superficie fondiaria. " +
      'I volumi esistenti alla data di adozione del piano concorrono al calcolo degli indici.',
  },
  distanze: {
    number: '9',
    title: 'Distanze',
    text:
      'Salvo diversa prescrizione di zona, la distanza minima dei fabbricati dai confini di proprietà è di m 5,00 e quella tra pareti finestrate di edifici antistanti è di m 10,00 (D.M. 1444/1968 art. 9). ' +
      'Dal ciglio delle strade comunali si osserva una distanza minima di m 6,00, fatte salve le maggiori fasce di rispetto del Codice della strada fuori dai centri abitati.',
  },
  parcheggi: {
    number: '10',
    title: 'Parcheggi pertinenziali',
    text:
      'Nelle nuove costruzioni e negli ampliamenti si riservano appositi spazi per parcheggi in misura non inferiore a 1 mq ogni 10 mc di costruzione (L. 122/1989 art. 2). ' +
      'Per le attività commerciali e direzionali si applicano le dotazioni della disciplina regionale di settore.',
  },
} satisfies Record<string, DemoArticle>;

export interface DemoZone {
  code: string;
  name: string;
  article: DemoArticle;
  /** General articles printed after the zone's own (buildable zones). */
  general: ReadonlyArray<keyof typeof GENERAL>;
  /** Built-up or buildable lots (small, "ente urbano"); the others are farmland. */
  urban: boolean;
}

const BUILDABLE: ReadonlyArray<keyof typeof GENERAL> = ['indici', 'distanze', 'parcheggi'];

export const DEMO_ZONES: readonly DemoZone[] = [
  {
    code: 'A',
    name: 'Centro storico',
    urban: true,
    general: ['distanze'],
    article: {
      number: '21',
      title: 'Zona A - Centro storico',
      text:
        'Sono consentiti esclusivamente interventi di manutenzione ordinaria e straordinaria, restauro e risanamento conservativo (DPR 380/2001 art. 3 c.1 lett. a, b, c). ' +
        'Non è ammesso l’aumento dei volumi e delle superfici esistenti né la modifica delle altezze. Sono prescritti materiali e finiture tradizionali: coperture in coppi, intonaci a calce, infissi in legno. ' +
        'Gli interventi di ristrutturazione edilizia sono subordinati all’approvazione di un piano di recupero.',
    },
  },
  {
    code: 'B1',
    name: 'Residenziale satura',
    urban: true,
    general: BUILDABLE,
    article: {
      number: '22',
      title: 'Zona B1 - Residenziale satura',
      text:
        'Sono ammessi gli interventi sugli edifici esistenti fino alla ristrutturazione edilizia e la demolizione con ricostruzione a parità di volume. ' +
        'Indice di fabbricabilità fondiaria massimo If = 2,50 mc/mq; altezza massima H = 10,50 m; rapporto di copertura Rc = 0,40 mq/mq. ' +
        'Destinazioni ammesse: residenza, commercio di vicinato, uffici e artigianato di servizio non molesto.',
    },
  },
  {
    code: 'B2',
    name: 'Residenziale di completamento',
    urban: true,
    general: BUILDABLE,
    article: {
      number: '23',
      title: 'Zona B2 - Residenziale di completamento',
      text:
        'Intervento edilizio diretto. Indice di fabbricabilità fondiaria massimo If = 1,50 mc/mq; altezza massima H = 7,50 m con non più di due piani fuori terra; ' +
        'rapporto di copertura Rc = 0,35 mq/mq; distanza minima dai confini m 5,00. Una quota non inferiore al 30% del lotto è sistemata a verde permeabile. ' +
        'Destinazioni ammesse: residenza e attività compatibili con la residenza.',
    },
  },
  {
    code: 'C1',
    name: 'Residenziale di espansione',
    urban: true,
    general: BUILDABLE,
    article: {
      number: '24',
      title: 'Zona C1 - Residenziale di espansione',
      text:
        'Gli interventi sono subordinati all’approvazione di un piano attuativo esteso all’intero comparto. Indice di fabbricabilità territoriale It = 1,00 mc/mq; ' +
        'altezza massima H = 9,50 m; cessione delle aree per standard urbanistici non inferiore a 18 mq per abitante insediabile (D.M. 1444/1968 art. 3).',
    },
  },
  {
    code: 'C2',
    name: 'Residenziale di espansione a bassa densità',
    urban: true,
    general: BUILDABLE,
    article: {
      number: '25',
      title: 'Zona C2 - Residenziale di espansione a bassa densità',
      text:
        'Piano attuativo obbligatorio. Indice di fabbricabilità territoriale It = 0,60 mc/mq; altezza massima H = 7,00 m; tipologie edilizie uni e bifamiliari. ' +
        'Lotto minimo di intervento mq 800. Le recinzioni verso strada hanno altezza non superiore a m 1,50.',
    },
  },
  {
    code: 'D1',
    name: 'Produttiva artigianale e industriale di completamento',
    urban: true,
    general: BUILDABLE,
    article: {
      number: '26',
      title: 'Zona D1 - Produttiva artigianale e industriale',
      text:
        'Intervento edilizio diretto. Rapporto di copertura Rc = 0,50 mq/mq; altezza massima H = 12,00 m, esclusi i volumi tecnici; distanza minima dai confini m 6,00. ' +
        'È ammesso un alloggio per il custode o il titolare con superficie utile non superiore a mq 120 per unità produttiva. Sono escluse le industrie insalubri di prima classe.',
    },
  },
  {
    code: 'D2',
    name: 'Commerciale e direzionale',
    urban: true,
    general: BUILDABLE,
    article: {
      number: '27',
      title: 'Zona D2 - Commerciale e direzionale',
      text:
        'Sono ammessi esercizi commerciali fino alla media struttura di vendita, pubblici esercizi, uffici e servizi. Indice di utilizzazione fondiaria Uf = 0,60 mq/mq; ' +
        'altezza massima H = 10,00 m. Il 50% della superficie scoperta è destinato a parcheggio di uso pubblico.',
    },
  },
  {
    code: 'E1',
    name: 'Agricola produttiva',
    urban: false,
    general: ['distanze'],
    article: {
      number: '30',
      title: 'Zona E1 - Agricola produttiva',
      text:
        'Le nuove costruzioni sono ammesse solo in funzione della conduzione del fondo da parte dell’imprenditore agricolo professionale. ' +
        'Indice per le residenze agricole 0,03 mc/mq fino a un massimo di mc 600 per azienda; per gli annessi agricoli 0,004 mq/mq; altezza massima H = 6,50 m. ' +
        'Lotto minimo di intervento ettari 1,00. È vietato l’abbattimento delle alberature di pregio e delle siepi di confine.',
    },
  },
  {
    code: 'E2',
    name: 'Agricola di tutela paesaggistica',
    urban: false,
    general: ['distanze'],
    article: {
      number: '31',
      title: 'Zona E2 - Agricola di tutela paesaggistica',
      text:
        'Non sono ammesse nuove costruzioni residenziali. Sugli edifici esistenti sono consentiti interventi fino alla ristrutturazione edilizia senza aumento di volume. ' +
        'Sono tutelati i terrazzamenti, i muri a secco e gli oliveti tradizionali. Gli annessi agricoli sono ammessi con indice 0,002 mq/mq, in legno o muratura intonacata, con altezza massima m 3,50.',
    },
  },
  {
    code: 'F1',
    name: 'Attrezzature pubbliche e di interesse generale',
    urban: true,
    general: ['distanze'],
    article: {
      number: '34',
      title: 'Zona F1 - Attrezzature pubbliche e di interesse generale',
      text:
        'Aree destinate a scuole, servizi sanitari, culturali, religiosi e amministrativi (D.M. 1444/1968 art. 4 c.5). ' +
        'Gli interventi sono realizzati dall’ente pubblico o, su concessione convenzionata, da privati; i parametri edilizi sono definiti dal progetto approvato dal Consiglio comunale.',
    },
  },
  {
    code: 'F2',
    name: 'Verde pubblico e sportivo',
    urban: true,
    general: [],
    article: {
      number: '35',
      title: 'Zona F2 - Verde pubblico e sportivo',
      text:
        'Aree destinate a parchi, giardini e impianti sportivi di uso pubblico. È ammessa la sola realizzazione di chioschi, servizi igienici e spogliatoi con superficie coperta non superiore al 5% dell’area. ' +
        'Sono inedificabili a fini privati.',
    },
  },
];

export const DEMO_GENERAL_ARTICLES: readonly DemoArticle[] = Object.values(GENERAL);

export function generalArticle(key: keyof typeof GENERAL): DemoArticle {
  return GENERAL[key];
}

export interface DemoConstraint {
  key: 'colle' | 'torrente' | 'idrogeologico' | 'stradale' | 'cimiteriale';
  kind: ConstraintKind;
  name: string;
  legalReference: string;
  act: string | null;
}

export const DEMO_CONSTRAINTS: readonly DemoConstraint[] = [
  {
    key: 'colle',
    kind: 'paesaggistico',
    name: 'Dichiarazione di notevole interesse pubblico del colle di Montesereno',
    legalReference: 'D.Lgs. 42/2004 art. 136',
    act: 'D.M. 12 maggio 1967',
  },
  {
    key: 'torrente',
    kind: 'paesaggistico',
    name: 'Fascia di 150 m dalle sponde del torrente Serena',
    legalReference: 'D.Lgs. 42/2004 art. 142 c.1 lett. c',
    act: null,
  },
  {
    key: 'idrogeologico',
    kind: 'idrogeologico',
    name: 'Vincolo idrogeologico',
    legalReference: 'R.D.L. 30 dicembre 1923, n. 3267',
    act: null,
  },
  {
    key: 'stradale',
    kind: 'fascia_rispetto',
    name: 'Fascia di rispetto stradale della S.P. 417 (m 30)',
    legalReference: 'D.Lgs. 285/1992 art. 16; DPR 495/1992 art. 26',
    act: null,
  },
  {
    key: 'cimiteriale',
    kind: 'fascia_rispetto',
    name: 'Fascia di rispetto cimiteriale (m 200)',
    legalReference: 'R.D. 1265/1934 art. 338',
    act: null,
  },
];
