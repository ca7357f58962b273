/**
 * The demo Comune's procedure catalogue (censimento dei procedimenti): real Italian municipal
 * procedures with their real legal terms and references.
 *
 * Where no norm sets a term, the term is the default 30 days of L. 241/1990 art. 2 c.2, and the
 * reference says so. `clock_rule`:
 * - 'silenzio_inadempimento': the office must decide within the term (L. 241/1990 art. 2); this is
 *   also used where silence counts as a refusal (accesso agli atti art. 25 c.4, sanatoria art. 36),
 *   since in both cases the office has to act and nothing is granted by silence;
 * - 'silenzio_assenso': silence is acceptance when the term lapses;
 * - 'scia': the activity starts at once; the office may prohibit it within the term (art. 19).
 *   SCIA terms are interrupted (not suspended) by a conformation request, so suspension_allowed is
 *   false for them.
 *
 * `demo` holds figures used only to generate realistic demo instances (relative yearly volume,
 * share of applicants that are businesses, intake channels when not online).
 */
export type ClockRule = 'silenzio_inadempimento' | 'silenzio_assenso' | 'scia';

export type ProcedureCategory =
  | 'accesso'
  | 'urp'
  | 'anagrafe'
  | 'stato_civile'
  | 'cimiteri'
  | 'edilizia'
  | 'urbanistica'
  | 'paesaggio'
  | 'attivita_produttive'
  | 'tributi'
  | 'sociale'
  | 'scuola'
  | 'suolo_pubblico'
  | 'mobilita'
  | 'ambiente';

export interface CatalogueEntry {
  code: string;
  name: string;
  category: ProcedureCategory;
  officeCode: string;
  legalTermDays: number;
  clockRule: ClockRule;
  legalReference: string;
  suspensionAllowed: boolean;
  /** What an integration request does to the term; suspension (L. 241/1990 art. 2 c.7) unless set. */
  integrationRegime?: 'suspension' | 'interruption';
  onlineAvailable: boolean;
  feeCents: number;
  demo: {
    /** Relative yearly volume of instances. */
    weight: number;
    /** Share (0..1) of applicants that are businesses rather than natural persons. */
    businessShare: number;
    /** Share of desk (vs PEC) among the instances not received online. Default 0.4. */
    deskShare?: number;
  };
}

const DEFAULT_TERM = 'L. 241/1990 art. 2 c.2';

export const DEMO_CATALOGUE: readonly CatalogueEntry[] = [
  // --- Protocollo e URP -------------------------------------------------------------------------
  {
    code: 'ACCESSO_ATTI',
    name: 'Accesso documentale agli atti amministrativi',
    category: 'accesso',
    officeCode: 'PROTOCOLLO_URP',
    legalTermDays: 30, // art. 25 c.4: after 30 days the request is deemed refused
    clockRule: 'silenzio_inadempimento',
    legalReference: 'L. 241/1990 art. 22-25 (art. 25 c.4); DPR 184/2006 art. 6',
    suspensionAllowed: true,
    onlineAvailable: true,
    feeCents: 0,
    demo: { weight: 6, businessShare: 0.2 },
  },
  {
    code: 'ACCESSO_CIVICO_GEN',
    name: 'Accesso civico generalizzato (FOIA)',
    category: 'accesso',
    officeCode: 'PROTOCOLLO_URP',
    legalTermDays: 30, // art. 5 c.6; suspended while counterparties may oppose (art. 5 c.5)
    clockRule: 'silenzio_inadempimento',
    legalReference: 'D.Lgs. 33/2013 art. 5 c.2, c.5, c.6',
    suspensionAllowed: true,
    onlineAvailable: true,
    feeCents: 0,
    demo: { weight: 1.5, businessShare: 0.15 },
  },
  {
    code: 'ACCESSO_CIVICO_SEMPL',
    name: 'Accesso civico semplice (obblighi di pubblicazione)',
    category: 'accesso',
    officeCode: 'PROTOCOLLO_URP',
    legalTermDays: 30,
    clockRule: 'silenzio_inadempimento',
    legalReference: 'D.Lgs. 33/2013 art. 5 c.1, c.6',
    suspensionAllowed: false,
    onlineAvailable: true,
    feeCents: 0,
    demo: { weight: 0.5, businessShare: 0.1 },
  },
  {
    code: 'RECLAMO_URP',
    name: "Segnalazione o reclamo all'URP",
    category: 'urp',
    officeCode: 'PROTOCOLLO_URP',
    legalTermDays: 30,
    clockRule: 'silenzio_inadempimento',
    legalReference: `L. 150/2000 art. 8; ${DEFAULT_TERM}`,
    suspensionAllowed: false,
    onlineAvailable: true,
    feeCents: 0,
    demo: { weight: 4, businessShare: 0.1 },
  },
  // --- Servizi demografici ----------------------------------------------------------------------
  {
    code: 'CAMBIO_RESIDENZA',
    name: 'Dichiarazione di residenza (iscrizione o cambio di abitazione)',
    category: 'anagrafe',
    officeCode: 'DEMOGRAFICI',
    // Registered within 2 working days; the checks must end within 45 days, then silence is acceptance.
    legalTermDays: 45,
    clockRule: 'silenzio_assenso',
    legalReference: 'DPR 223/1989 art. 13 e 18; DL 5/2012 art. 5 (L. 35/2012)',
    suspensionAllowed: false,
    onlineAvailable: true,
    feeCents: 0,
    demo: { weight: 14, businessShare: 0 },
  },
  {
    code: 'CIE',
    name: "Rilascio della carta d'identità elettronica",
    category: 'anagrafe',
    officeCode: 'DEMOGRAFICI',
    legalTermDays: 30,
    clockRule: 'silenzio_inadempimento',
    legalReference: `DL 78/2015 art. 10 c.3; DM Interno 23/12/2015; ${DEFAULT_TERM}`,
    suspensionAllowed: false,
    onlineAvailable: false, // booked online, but requested in person (fingerprints, signature)
    feeCents: 2221, // € 16,79 state fee + € 5,16 diritti fissi + € 0,26 diritti di segreteria
    demo: { weight: 16, businessShare: 0, deskShare: 1 },
  },
  {
    code: 'ISCRIZIONE_AIRE',
    name: "Iscrizione all'Anagrafe degli italiani residenti all'estero (AIRE)",
    category: 'anagrafe',
    officeCode: 'DEMOGRAFICI',
    legalTermDays: 30,
    clockRule: 'silenzio_inadempimento',
    legalReference: `L. 470/1988; DPR 323/1989; ${DEFAULT_TERM}`,
    suspensionAllowed: true,
    onlineAvailable: false, // the declaration is made to the consulate, which forwards it
    feeCents: 0,
    demo: { weight: 2, businessShare: 0, deskShare: 0.05 },
  },
  {
    code: 'CITTADINANZA_IURE_SANG',
    name: 'Riconoscimento della cittadinanza italiana iure sanguinis',
    category: 'stato_civile',
    officeCode: 'DEMOGRAFICI',
    // No norm sets the Comune's term: the ente sets it; complex (checks with foreign consulates),
    // hence the 180-day maximum of L. 241/1990 art. 2 c.4.
    legalTermDays: 180,
    clockRule: 'silenzio_inadempimento',
    legalReference: 'L. 91/1992 art. 1; Circ. Min. Interno K.28.1/1991; L. 241/1990 art. 2 c.4',
    suspensionAllowed: true,
    onlineAvailable: false,
    feeCents: 60000, // contributo up to € 600 per adult applicant (L. 207/2024 art. 1 c.636)
    demo: { weight: 0.6, businessShare: 0, deskShare: 0.9 },
  },
  {
    code: 'PUBBLICAZIONI_MATRIM',
    name: 'Richiesta di pubblicazioni di matrimonio',
    category: 'stato_civile',
    officeCode: 'DEMOGRAFICI',
    legalTermDays: 30,
    clockRule: 'silenzio_inadempimento',
    legalReference: `Codice civile art. 93-101; DPR 396/2000 art. 50-58; ${DEFAULT_TERM}`,
    suspensionAllowed: true,
    onlineAvailable: false,
    feeCents: 1600, // imposta di bollo on the request
    demo: { weight: 2, businessShare: 0, deskShare: 0.9 },
  },
  {
    code: 'LOCULO_CIMITERIALE',
    name: 'Concessione di loculo cimiteriale',
    category: 'cimiteri',
    officeCode: 'DEMOGRAFICI',
    legalTermDays: 30,
    clockRule: 'silenzio_inadempimento',
    legalReference: `DPR 285/1990 art. 90-92; ${DEFAULT_TERM}`,
    suspensionAllowed: true,
    onlineAvailable: false,
    feeCents: 250000, // tariff set by the Giunta
    demo: { weight: 1.5, businessShare: 0, deskShare: 0.85 },
  },
  // --- Sportello unico edilizia -----------------------------------------------------------------
  {
    code: 'PERMESSO_COSTRUIRE',
    name: 'Permesso di costruire',
    category: 'edilizia',
    officeCode: 'SUE',
    // 60 days for the inquiry and the proposal (art. 20 c.3) and 30 more for the decision (c.6):
    // after 90 days silence is acceptance (c.8) except where environmental, landscape or heritage
    // constraints apply. The term can be interrupted once for documents (c.5).
    legalTermDays: 90,
    integrationRegime: 'interruption',
    clockRule: 'silenzio_assenso',
    legalReference: 'DPR 380/2001 art. 20',
    suspensionAllowed: true,
    onlineAvailable: true,
    feeCents: 10000, // diritti di segreteria
    demo: { weight: 3, businessShare: 0.3 },
  },
  {
    code: 'PDC_SANATORIA',
    name: 'Permesso di costruire in sanatoria (accertamento di conformità)',
    category: 'edilizia',
    officeCode: 'SUE',
    legalTermDays: 60, // after 60 days the request is deemed refused
    clockRule: 'silenzio_inadempimento',
    legalReference: 'DPR 380/2001 art. 36 c.3',
    suspensionAllowed: true,
    onlineAvailable: true,
    feeCents: 10000,
    demo: { weight: 0.6, businessShare: 0.15 },
  },
  {
    code: 'SANATORIA_36BIS',
    name: 'Accertamento di conformità per parziali difformità (art. 36-bis)',
    category: 'edilizia',
    officeCode: 'SUE',
    legalTermDays: 45, // introduced by DL 69/2024 (L. 105/2024): silence is acceptance after 45 days
    clockRule: 'silenzio_assenso',
    legalReference: 'DPR 380/2001 art. 36-bis c.6',
    suspensionAllowed: true,
    onlineAvailable: true,
    feeCents: 10000,
    demo: { weight: 1, businessShare: 0.1 },
  },
  {
    code: 'SCIA_EDILIZIA',
    name: 'Segnalazione certificata di inizio attività (SCIA) edilizia',
    category: 'edilizia',
    officeCode: 'SUE',
    legalTermDays: 30, // 60 days of art. 19 c.3 reduced to 30 for building SCIA (c.6-bis)
    clockRule: 'scia',
    legalReference: 'DPR 380/2001 art. 22-23; L. 241/1990 art. 19 c.6-bis',
    suspensionAllowed: false,
    onlineAvailable: true,
    feeCents: 5000,
    demo: { weight: 6, businessShare: 0.25 },
  },
  {
    code: 'CILA',
    name: 'Comunicazione di inizio lavori asseverata (CILA)',
    category: 'edilizia',
    officeCode: 'SUE',
    legalTermDays: 30, // no specific term: works start on filing; the office checks within the default term
    clockRule: 'silenzio_inadempimento',
    legalReference: `DPR 380/2001 art. 6-bis; ${DEFAULT_TERM}`,
    suspensionAllowed: true,
    onlineAvailable: true,
    feeCents: 5000,
    demo: { weight: 10, businessShare: 0.15 },
  },
  {
    code: 'SCIA_AGIBILITA',
    name: "Segnalazione certificata per l'agibilità",
    category: 'edilizia',
    officeCode: 'SUE',
    legalTermDays: 30,
    clockRule: 'scia',
    legalReference: 'DPR 380/2001 art. 24; L. 241/1990 art. 19 c.6-bis',
    suspensionAllowed: false,
    onlineAvailable: true,
    feeCents: 5000,
    demo: { weight: 3, businessShare: 0.3 },
  },
  {
    code: 'CDU',
    name: 'Certificato di destinazione urbanistica (CDU)',
    category: 'urbanistica',
    officeCode: 'SUE',
    legalTermDays: 30, // peremptory
    clockRule: 'silenzio_inadempimento',
    legalReference: 'DPR 380/2001 art. 30 c.3',
    suspensionAllowed: false,
    onlineAvailable: true,
    feeCents: 3000, // diritti di segreteria set by the ente between € 5,16 and € 51,65 (L. 68/1993)
    demo: { weight: 4, businessShare: 0.2 },
  },
  {
    code: 'AUT_PAESAGG_SEMPL',
    name: 'Autorizzazione paesaggistica semplificata',
    category: 'paesaggio',
    officeCode: 'SUE',
    legalTermDays: 60, // the whole procedure, Soprintendenza's opinion included
    clockRule: 'silenzio_inadempimento', // no silence-consent on landscape
    legalReference: 'DPR 31/2017 art. 11; D.Lgs. 42/2004 art. 146',
    suspensionAllowed: true,
    onlineAvailable: true,
    feeCents: 5000,
    demo: { weight: 1.2, businessShare: 0.15 },
  },
  // --- SUAP -------------------------------------------------------------------------------------
  {
    code: 'SCIA_VICINATO',
    name: "SCIA per l'apertura di un esercizio di vicinato",
    category: 'attivita_produttive',
    officeCode: 'SUAP',
    legalTermDays: 60,
    clockRule: 'scia',
    legalReference: 'D.Lgs. 114/1998 art. 7; L. 241/1990 art. 19 c.3; D.Lgs. 222/2016 Tab. A',
    suspensionAllowed: false,
    onlineAvailable: true,
    feeCents: 5000,
    demo: { weight: 2.5, businessShare: 0.95 },
  },
  {
    code: 'MEDIA_STRUTTURA',
    name: "Autorizzazione all'apertura di una media struttura di vendita",
    category: 'attivita_produttive',
    officeCode: 'SUAP',
    legalTermDays: 90, // requests are deemed granted without a refusal within 90 days
    clockRule: 'silenzio_assenso',
    legalReference: 'D.Lgs. 114/1998 art. 8 c.4',
    suspensionAllowed: true,
    onlineAvailable: true,
    feeCents: 15000,
    demo: { weight: 0.4, businessShare: 1 },
  },
  {
    code: 'SCIA_SOMMINISTRAZIONE',
    name: "SCIA per l'apertura di un esercizio di somministrazione di alimenti e bevande",
    category: 'attivita_produttive',
    officeCode: 'SUAP',
    legalTermDays: 60, // zones not under protection (D.Lgs. 59/2010 art. 64 c.1)
    clockRule: 'scia',
    legalReference: 'L. 287/1991; D.Lgs. 59/2010 art. 64; L. 241/1990 art. 19 c.3',
    suspensionAllowed: false,
    onlineAvailable: true,
    feeCents: 5000,
    demo: { weight: 1.2, businessShare: 0.95 },
  },
  {
    code: 'PUBBLICO_SPETTACOLO',
    name: 'Licenza per pubblico spettacolo e trattenimento',
    category: 'attivita_produttive',
    officeCode: 'SUAP',
    legalTermDays: 30,
    clockRule: 'silenzio_inadempimento',
    legalReference: `R.D. 773/1931 (TULPS) art. 68 e 80; R.D. 635/1940 art. 141; ${DEFAULT_TERM}`,
    suspensionAllowed: true,
    onlineAvailable: true,
    feeCents: 3200, // two marche da bollo (request and licence)
    demo: { weight: 1.5, businessShare: 0.75 },
  },
  // --- Tributi ----------------------------------------------------------------------------------
  {
    code: 'RIMBORSO_IMU',
    name: 'Rimborso IMU versata e non dovuta',
    category: 'tributi',
    officeCode: 'TRIBUTI',
    legalTermDays: 180, // the refund is made within 180 days of the request
    clockRule: 'silenzio_inadempimento',
    legalReference: 'L. 296/2006 art. 1 c.164; L. 160/2019 art. 1 c.759-783',
    suspensionAllowed: true,
    onlineAvailable: true,
    feeCents: 0,
    demo: { weight: 3, businessShare: 0.2 },
  },
  {
    code: 'RIMBORSO_TARI',
    name: 'Rimborso TARI versata e non dovuta',
    category: 'tributi',
    officeCode: 'TRIBUTI',
    legalTermDays: 180,
    clockRule: 'silenzio_inadempimento',
    legalReference: 'L. 296/2006 art. 1 c.164; L. 147/2013 art. 1 c.641-668',
    suspensionAllowed: true,
    onlineAvailable: true,
    feeCents: 0,
    demo: { weight: 1.5, businessShare: 0.25 },
  },
  {
    code: 'RATEIZZAZIONE_TRIBUTI',
    name: 'Rateizzazione di avvisi di accertamento dei tributi locali',
    category: 'tributi',
    officeCode: 'TRIBUTI',
    legalTermDays: 30,
    clockRule: 'silenzio_inadempimento',
    legalReference: `L. 160/2019 art. 1 c.796-802; ${DEFAULT_TERM}`,
    suspensionAllowed: true,
    onlineAvailable: true,
    feeCents: 0,
    demo: { weight: 2, businessShare: 0.2 },
  },
  // --- Servizi sociali e scolastici -------------------------------------------------------------
  {
    code: 'CONTRIBUTO_ECONOMICO',
    name: 'Contributo economico di assistenza sociale',
    category: 'sociale',
    officeCode: 'SOCIALI',
    legalTermDays: 30,
    clockRule: 'silenzio_inadempimento',
    legalReference: `L. 328/2000 art. 6 e 22; DPCM 159/2013 (ISEE); ${DEFAULT_TERM}`,
    suspensionAllowed: true,
    onlineAvailable: true,
    feeCents: 0,
    demo: { weight: 4, businessShare: 0, deskShare: 0.7 },
  },
  {
    code: 'AGEVOLAZIONE_SCOLASTICA',
    name: 'Agevolazione tariffaria per i servizi scolastici (ISEE)',
    category: 'scuola',
    officeCode: 'SOCIALI',
    legalTermDays: 30,
    clockRule: 'silenzio_inadempimento',
    legalReference: `D.Lgs. 63/2017 art. 5-6; DPCM 159/2013; ${DEFAULT_TERM}`,
    suspensionAllowed: true,
    onlineAvailable: true,
    feeCents: 0,
    demo: { weight: 3, businessShare: 0 },
  },
  {
    code: 'ISCRIZIONE_MENSA',
    name: 'Iscrizione al servizio di mensa scolastica',
    category: 'scuola',
    officeCode: 'SOCIALI',
    legalTermDays: 30,
    clockRule: 'silenzio_inadempimento',
    legalReference: `D.Lgs. 63/2017 art. 6; ${DEFAULT_TERM}`,
    suspensionAllowed: false,
    onlineAvailable: true,
    feeCents: 0,
    demo: { weight: 6, businessShare: 0 },
  },
  {
    code: 'ISCRIZIONE_TRASPORTO',
    name: 'Iscrizione al servizio di trasporto scolastico',
    category: 'scuola',
    officeCode: 'SOCIALI',
    legalTermDays: 30,
    clockRule: 'silenzio_inadempimento',
    legalReference: `D.Lgs. 63/2017 art. 5; ${DEFAULT_TERM}`,
    suspensionAllowed: false,
    onlineAvailable: true,
    feeCents: 0,
    demo: { weight: 3, businessShare: 0 },
  },
  // --- Polizia locale ---------------------------------------------------------------------------
  {
    code: 'OCCUPAZIONE_SUOLO',
    name: 'Concessione di occupazione temporanea di suolo pubblico',
    category: 'suolo_pubblico',
    officeCode: 'POLIZIA_LOCALE',
    legalTermDays: 30,
    clockRule: 'silenzio_inadempimento',
    legalReference: `D.Lgs. 285/1992 art. 20-21; L. 160/2019 art. 1 c.816-847; ${DEFAULT_TERM}`,
    suspensionAllowed: true,
    onlineAvailable: true,
    feeCents: 1600,
    demo: { weight: 5, businessShare: 0.55 },
  },
  {
    code: 'PASSO_CARRABILE',
    name: "Autorizzazione all'apertura di un passo carrabile",
    category: 'suolo_pubblico',
    officeCode: 'POLIZIA_LOCALE',
    legalTermDays: 30, // set by the comunale regulation; none is set by the Codice della strada
    clockRule: 'silenzio_inadempimento',
    legalReference: `D.Lgs. 285/1992 art. 22; DPR 495/1992 art. 44-46; ${DEFAULT_TERM}`,
    suspensionAllowed: true,
    onlineAvailable: true,
    feeCents: 3200,
    demo: { weight: 1.5, businessShare: 0.15 },
  },
  {
    code: 'CONTRASSEGNO_DISABILI',
    name: 'Contrassegno di parcheggio per persone con disabilità (CUDE)',
    category: 'mobilita',
    officeCode: 'POLIZIA_LOCALE',
    legalTermDays: 30,
    clockRule: 'silenzio_inadempimento',
    legalReference: `DPR 495/1992 art. 381; D.Lgs. 285/1992 art. 188; ${DEFAULT_TERM}`,
    suspensionAllowed: true,
    onlineAvailable: true,
    feeCents: 0, // exempt from bollo
    demo: { weight: 3, businessShare: 0, deskShare: 0.7 },
  },
  {
    code: 'PERMESSO_ZTL',
    name: 'Permesso di transito e sosta nella zona a traffico limitato',
    category: 'mobilita',
    officeCode: 'POLIZIA_LOCALE',
    legalTermDays: 30,
    clockRule: 'silenzio_inadempimento',
    legalReference: `D.Lgs. 285/1992 art. 7 c.9; ${DEFAULT_TERM}`,
    suspensionAllowed: false,
    onlineAvailable: true,
    feeCents: 2000,
    demo: { weight: 2, businessShare: 0.3 },
  },
  {
    code: 'RATEIZZ_SANZIONI_CDS',
    name: 'Rateizzazione di sanzioni del Codice della strada',
    category: 'mobilita',
    officeCode: 'POLIZIA_LOCALE',
    legalTermDays: 90, // the request is decided within 90 days, else deemed refused
    clockRule: 'silenzio_inadempimento',
    legalReference: 'D.Lgs. 285/1992 art. 202-bis',
    suspensionAllowed: false,
    onlineAvailable: true,
    feeCents: 0,
    demo: { weight: 1, businessShare: 0.1 },
  },
  // --- Lavori pubblici e ambiente ---------------------------------------------------------------
  {
    code: 'SCARICO_FUORI_FOGNA',
    name: 'Autorizzazione allo scarico di acque reflue domestiche fuori dalla pubblica fognatura',
    category: 'ambiente',
    officeCode: 'LLPP_AMBIENTE',
    legalTermDays: 90,
    clockRule: 'silenzio_inadempimento',
    legalReference: 'D.Lgs. 152/2006 art. 124 c.7',
    suspensionAllowed: true,
    onlineAvailable: true,
    feeCents: 5000,
    demo: { weight: 0.8, businessShare: 0.1 },
  },
  {
    code: 'DEROGA_RUMORE',
    name: 'Autorizzazione in deroga ai limiti acustici per manifestazioni temporanee',
    category: 'ambiente',
    officeCode: 'LLPP_AMBIENTE',
    legalTermDays: 30,
    clockRule: 'silenzio_inadempimento',
    legalReference: `L. 447/1995 art. 6 c.1 lett. h); ${DEFAULT_TERM}`,
    suspensionAllowed: true,
    onlineAvailable: true,
    feeCents: 1600,
    demo: { weight: 1.5, businessShare: 0.7 },
  },
  {
    code: 'MANOMISSIONE_SUOLO',
    name: 'Autorizzazione alla manomissione di suolo pubblico per scavi',
    category: 'suolo_pubblico',
    officeCode: 'LLPP_AMBIENTE',
    legalTermDays: 30,
    clockRule: 'silenzio_inadempimento',
    legalReference: `D.Lgs. 285/1992 art. 21 e 25; ${DEFAULT_TERM}`,
    suspensionAllowed: true,
    onlineAvailable: true,
    feeCents: 3200,
    demo: { weight: 1.5, businessShare: 0.8 },
  },
];

/**
 * The catalogue as rows of `scrivania.procedure_types` for the ente, each under its office's id;
 * `codes`: only those procedures.
 */
export function demoProcedureTypeRows(enteId: number, officeId: (code: string) => number, codes?: readonly string[]) {
  return DEMO_CATALOGUE.filter((e) => !codes || codes.includes(e.code)).map((e) => ({
    ente_id: enteId,
    office_id: officeId(e.officeCode),
    code: e.code,
    name: e.name,
    category: e.category,
    legal_term_days: e.legalTermDays,
    clock_rule: e.clockRule,
    legal_reference: e.legalReference,
    suspension_allowed: e.suspensionAllowed,
    integration_regime: e.integrationRegime ?? 'suspension',
    online_available: e.onlineAvailable,
    fee_cents: e.feeCents,
  }));
}
