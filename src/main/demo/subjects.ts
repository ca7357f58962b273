/**
 * Realistic subjects (oggetto) of demo instances, per procedure type: what a clerk would type when
 * registering the application, e.g. 'Ristrutturazione edilizia con modifica prospetti, Via
 * Garibaldi 14 (Fg. 12 mapp. 345)'.
 */
import type { Rng } from './rng';
import {
  ANCESTOR_COUNTRIES,
  ANCESTOR_ORIGINS,
  FEMALE_FIRST_NAMES,
  FOREIGN_CITIES,
  HAMLETS,
  MALE_FIRST_NAMES,
  SCHOOLS,
  STREETS,
  SURNAMES,
} from './names';

/** Builds a subject; `date` is the day of receipt ('YYYY-MM-DD'), `year` its year. */
export type SubjectBuilder = (r: Rng, date: string, year: number) => string;

const TOWN_STREETS = STREETS.filter((s) => !s.startsWith('Località') && !s.startsWith('Frazione'));
const SQUARES = ['Piazza Garibaldi', 'Piazza della Repubblica', 'Piazza del Municipio', 'area verde di Via delle Fonti', 'Frazione San Martino'];
const NEARBY_COMUNI = ['Perugia', 'Roma', 'Foligno', 'Terni', 'Assisi', 'Corciano', 'Marsciano', 'Todi', 'Firenze', 'Arezzo', 'Gubbio', 'Bastia Umbra'];
const PLATE_LETTERS: readonly string[] = [...'ABCDEFGHJKLMNPRSTVWXYZ'];

const address = (r: Rng): string => `${r.pick(TOWN_STREETS)} ${civic(r)}`;
const civic = (r: Rng): string => (r.chance(0.08) ? `${r.int(1, 60)}/${r.pick(['A', 'B', 'C'])}` : String(r.int(1, 120)));
const locality = (r: Rng): string => r.pick([`Località ${r.pick(HAMLETS)}`, `Frazione ${r.pick(HAMLETS)}`, `Strada vicinale ${r.pick(['del Poggio', 'dei Cappuccini', 'delle Vigne'])}`]);
const parcel = (r: Rng): string => {
  const sheet = r.int(1, 42);
  const first = r.int(12, 1450);
  if (r.chance(0.2)) return `(Fg. ${sheet} mapp. ${first}, ${first + r.int(1, 6)})`;
  if (r.chance(0.3)) return `(Fg. ${sheet} mapp. ${first} sub. ${r.int(1, 12)})`;
  return `(Fg. ${sheet} mapp. ${first})`;
};
const personName = (r: Rng): string =>
  `${r.pick(SURNAMES).toUpperCase()} ${r.chance(0.5) ? r.pick(MALE_FIRST_NAMES) : r.pick(FEMALE_FIRST_NAMES)}`;
/** '€ 8.450,25' (Italian grouping), without Intl so that it is fast and locale-independent. */
const euro = (cents: number): string => {
  const units = String(Math.floor(cents / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `€ ${units},${String(cents % 100).padStart(2, '0')}`;
};
/** School year of an enrolment made on `date`: enrolments from March on are for the next year. */
const schoolYear = (date: string, year: number): string => (Number(date.slice(5, 7)) >= 3 ? `${year}/${year + 1}` : `${year - 1}/${year}`);
const plate = (r: Rng): string =>
  `${r.pick(PLATE_LETTERS)}${r.pick(PLATE_LETTERS)}${String(r.int(0, 999)).padStart(3, '0')}${r.pick(PLATE_LETTERS)}${r.pick(PLATE_LETTERS)}`;

export const SUBJECTS: Readonly<Record<string, SubjectBuilder>> = {
  ACCESSO_ATTI: (r, _d, y) =>
    `Accesso agli atti: copia ${r.pick([
      `del permesso di costruire n. ${r.int(1, 80)}/${r.int(2004, y - 1)}`,
      `della concessione edilizia n. ${r.int(1, 150)}/${r.int(1978, 2003)}`,
      `della pratica di condono n. ${r.int(1, 900)}/1986`,
      `della licenza edilizia n. ${r.int(1, 120)}/${r.int(1960, 1977)}`,
      `della SCIA n. ${r.int(1, 300)}/${y}`,
      'del verbale di sopralluogo della Polizia locale',
      'degli atti di gara per l\'affidamento del servizio di refezione scolastica',
      `del certificato di agibilità dell'immobile in ${address(r)}`,
    ])}`,
  ACCESSO_CIVICO_GEN: (r, _d, y) =>
    `Accesso civico generalizzato: ${r.pick([
      `determinazioni di affidamento diretto dell'anno ${y - 1}`,
      `spese sostenute per eventi e manifestazioni nel ${y - 1}`,
      'contratti di manutenzione del verde pubblico',
      'atti del progetto PNRR di efficientamento energetico della scuola primaria',
      'dati sui tempi di pagamento dei fornitori',
      'incarichi professionali per la variante al PRG',
    ])}`,
  ACCESSO_CIVICO_SEMPL: (r, _d, y) =>
    `Accesso civico semplice: mancata pubblicazione ${r.pick([
      `dei bilanci ${y - 1}`,
      'dei curricula dei titolari di incarichi',
      'degli atti di concessione di contributi',
      'dell\'elenco dei procedimenti con i relativi termini',
    ])}`,
  RECLAMO_URP: (r) =>
    r.pick([
      `Segnalazione di buca sulla carreggiata in ${r.pick(TOWN_STREETS)}`,
      `Reclamo per mancata raccolta dei rifiuti in ${r.pick(TOWN_STREETS)}`,
      `Segnalazione di illuminazione pubblica guasta in ${r.pick(TOWN_STREETS)}`,
      `Segnalazione di rami pericolanti nell'area verde di ${r.pick(TOWN_STREETS)}`,
      `Reclamo per rumori molesti in ${r.pick(TOWN_STREETS)}`,
      `Segnalazione di abbandono di rifiuti in ${locality(r)}`,
      `Reclamo per i tempi di attesa allo sportello anagrafe`,
    ]),
  CAMBIO_RESIDENZA: (r) =>
    r.pick([
      `Iscrizione anagrafica per trasferimento da ${r.pick(NEARBY_COMUNI)} a ${address(r)}`,
      `Iscrizione anagrafica per trasferimento da ${r.pick(NEARBY_COMUNI)} a ${address(r)}`,
      `Cambio di abitazione all'interno del Comune: ${address(r)}`,
      `Cambio di abitazione all'interno del Comune: ${address(r)}`,
      `Iscrizione anagrafica per provenienza dall'estero (${r.pick(FOREIGN_CITIES)}) in ${address(r)}`,
    ]) + (r.chance(0.35) ? ` con ${r.int(1, 4)} familiari` : ''),
  CIE: (r) =>
    r.pick([
      'Rilascio CIE: primo documento',
      'Rinnovo CIE per scadenza',
      'Rinnovo CIE per scadenza',
      'Rilascio CIE per smarrimento (denuncia allegata)',
      'Rilascio CIE per furto (denuncia allegata)',
      'Rilascio CIE in sostituzione della carta d\'identità cartacea',
      'Rilascio CIE per minore, valida per l\'espatrio',
      'Rilascio CIE per deterioramento del documento',
    ]),
  ISCRIZIONE_AIRE: (r) => `Iscrizione AIRE per espatrio a ${r.pick(FOREIGN_CITIES)}`,
  CITTADINANZA_IURE_SANG: (r) =>
    `Riconoscimento cittadinanza iure sanguinis, discendente di avo nato a ${r.pick(ANCESTOR_ORIGINS)} nel ${r.int(1858, 1912)} ed emigrato in ${r.pick(ANCESTOR_COUNTRIES)}`,
  PUBBLICAZIONI_MATRIM: (r) => `Pubblicazioni di matrimonio ${r.pick(['civile', 'civile', 'concordatario'])}: ${personName(r)} e ${personName(r)}`,
  LOCULO_CIMITERIALE: (r) =>
    `Concessione ${r.pick(['loculo', 'loculo', 'ossario', 'cinerario'])} nel ${r.pick(['cimitero del capoluogo', 'cimitero di San Martino', 'cimitero di Colle Alto'])}, blocco ${r.pick(['A', 'B', 'C', 'D'])} fila ${r.int(1, 5)} n. ${r.int(1, 80)}`,
  PERMESSO_COSTRUIRE: (r) =>
    r.pick([
      `Nuova costruzione di edificio residenziale unifamiliare, ${address(r)} ${parcel(r)}`,
      `Ampliamento di fabbricato residenziale con sopraelevazione, ${address(r)} ${parcel(r)}`,
      `Demolizione e ricostruzione con ampliamento, ${address(r)} ${parcel(r)}`,
      `Realizzazione di capannone artigianale in zona D1, Località Pian di Mezzo ${parcel(r)}`,
      `Ristrutturazione edilizia con modifica prospetti e aumento delle unità immobiliari, ${address(r)} ${parcel(r)}`,
      `Nuova costruzione di annesso agricolo, ${locality(r)} ${parcel(r)}`,
      `Nuova costruzione di edificio bifamiliare, ${address(r)} ${parcel(r)}`,
    ]),
  PDC_SANATORIA: (r) =>
    `Accertamento di conformità per ${r.pick(['veranda chiusa', 'tettoia in aderenza al fabbricato', 'ampliamento al piano terra', 'cambio di destinazione d\'uso di locale accessorio', 'soppalco abitabile', 'piscina pertinenziale'])}, ${address(r)} ${parcel(r)}`,
  SANATORIA_36BIS: (r) =>
    `Sanatoria di parziali difformità (${r.pick(['diversa posizione delle aperture', 'altezza interna difforme', 'diversa sagoma del balcone', 'tramezzature difformi dal titolo', 'diversa distribuzione interna'])}), ${address(r)} ${parcel(r)}`,
  SCIA_EDILIZIA: (r, _d, y) =>
    `${r.pick([
      'Ristrutturazione edilizia con modifica prospetti',
      'Frazionamento di unità immobiliare residenziale',
      'Fusione di due unità immobiliari',
      'Cambio di destinazione d\'uso da magazzino a residenziale',
      'Realizzazione di tettoia in legno',
      'Rifacimento della copertura con coibentazione',
      `Variante in corso d'opera al permesso di costruire n. ${r.int(1, 60)}/${y - 1}`,
    ])}, ${address(r)} ${parcel(r)}`,
  CILA: (r) =>
    `${r.pick([
      'Manutenzione straordinaria: rifacimento di impianti e servizi igienici',
      'Diversa distribuzione degli spazi interni',
      'Installazione di cappotto termico',
      'Sostituzione di infissi esterni e portone d\'ingresso',
      'Rifacimento del bagno e degli impianti',
      'Installazione di impianto fotovoltaico sulla copertura',
      'Apertura di vano porta su parete interna',
    ])}, ${address(r)}${r.chance(0.5) ? ` ${parcel(r)}` : ''}`,
  SCIA_AGIBILITA: (r, _d, y) =>
    `Agibilità di ${r.pick([
      `edificio residenziale di ${r.int(2, 8)} unità`,
      'unità immobiliare residenziale',
      'fabbricato artigianale',
      'locale commerciale al piano terra',
      'edificio bifamiliare',
    ])}, ${address(r)} ${parcel(r)} - PdC n. ${r.int(1, 60)}/${r.int(y - 4, y - 1)}`,
  CDU: (r) => {
    const sheet = r.int(1, 42);
    const first = r.int(12, 1450);
    const parcels = r.chance(0.4) ? `${first}, ${first + r.int(1, 9)}` : String(first);
    return `Certificato di destinazione urbanistica per ${r.pick(['compravendita', 'successione ereditaria', 'donazione', 'divisione', 'richiesta di mutuo'])}, Fg. ${sheet} mapp. ${parcels}`;
  },
  AUT_PAESAGG_SEMPL: (r) =>
    `${r.pick([
      'Sostituzione di infissi con modifica dei materiali',
      'Installazione di pannelli fotovoltaici sulla falda',
      'Rifacimento della facciata con modifica del colore',
      'Realizzazione di recinzione e cancello carrabile',
      'Posa di pergolato in legno',
    ])} in area vincolata (D.Lgs. 42/2004 art. 136), ${address(r)} ${parcel(r)}`,
  SCIA_VICINATO: (r) =>
    `${r.pick(['Apertura di', 'Subingresso in', 'Trasferimento di sede di', 'Ampliamento della superficie di vendita di'])} esercizio di vicinato, settore ${r.pick(['alimentare', 'non alimentare', 'misto'])}, ${address(r)}, mq ${r.int(25, 250)}`,
  MEDIA_STRUTTURA: (r) =>
    `${r.pick(['Apertura di', 'Ampliamento di'])} media struttura di vendita, settore ${r.pick(['alimentare', 'non alimentare', 'misto'])}, ${r.pick(['Località Pian di Mezzo', 'Viale Europa', 'Via Tiberina'])} ${r.int(1, 60)}, mq ${r.int(260, 1500)}`,
  SCIA_SOMMINISTRAZIONE: (r) =>
    `${r.pick(['Apertura di', 'Subingresso in'])} ${r.pick(['bar-caffetteria', 'ristorante', 'pizzeria', 'pub', 'gelateria con somministrazione', 'trattoria'])}, ${address(r)}`,
  PUBBLICO_SPETTACOLO: (r, _d, y) =>
    `${r.pick([
      'Sagra della castagna',
      'Festa patronale di San Michele Arcangelo',
      'Sagra del tartufo',
      'Concerto estivo',
      'Rassegna teatrale "Teatro in Borgo"',
      'Festa della birra artigianale',
      'Mercatino di Natale con animazione',
      'Carnevale dei bambini',
    ])} ${y}, ${r.pick(SQUARES)}`,
  DEROGA_RUMORE: (r) =>
    r.chance(0.25)
      ? `Deroga ai limiti acustici per cantiere edile, ${address(r)}, dalle 7:30 alle 18:00`
      : `Deroga ai limiti acustici per ${r.pick(['concerto', 'festa patronale', 'sagra', 'serata danzante', 'evento sportivo'])} in ${r.pick(SQUARES)}, ${r.pick(['dalle 21:00 alle 24:00', 'dalle 20:00 all\'1:00', 'dalle 18:00 alle 23:30'])}`,
  OCCUPAZIONE_SUOLO: (r) =>
    `Occupazione di suolo pubblico con ${r.pick([
      'dehors stagionale',
      'ponteggio per rifacimento facciata',
      'cassone per trasloco',
      'gazebo per iniziativa benefica',
      'autogru per lavori in copertura',
      'tavolini e sedie',
      'banco per vendita di fiori',
    ])}, ${address(r)}, mq ${r.int(2, 40)}`,
  PASSO_CARRABILE: (r) =>
    `${r.pick(['Apertura di nuovo passo carrabile', 'Regolarizzazione di passo carrabile esistente', 'Passo carrabile a raso con divieto di sosta', 'Subingresso nella concessione di passo carrabile'])}, ${address(r)}`,
  CONTRASSEGNO_DISABILI: (r) =>
    r.pick([
      'Rilascio del contrassegno di parcheggio per persona con disabilità (permanente)',
      'Rilascio del contrassegno temporaneo per persona con disabilità',
      'Rinnovo quinquennale del contrassegno CUDE',
      'Duplicato del contrassegno CUDE per smarrimento',
    ]),
  PERMESSO_ZTL: (r) =>
    `Permesso ZTL centro storico per ${r.pick(['residente', 'domiciliato', 'attività commerciale', 'carico e scarico merci', 'assistenza a persona anziana', 'posto auto in garage privato'])}, veicolo targato ${plate(r)}`,
  RATEIZZ_SANZIONI_CDS: (r, _d, y) =>
    `Rateizzazione del verbale n. ${r.int(100, 4999)}/${r.chance(0.8) ? y : y - 1} in ${r.pick([6, 10, 12, 18, 24])} rate mensili`,
  RIMBORSO_IMU: (r, _d, y) =>
    `Rimborso IMU ${r.int(y - 5, y - 1)} ${r.pick(['versata in eccedenza', 'per doppio versamento del saldo', 'su immobile inagibile', 'su area non edificabile', 'versata ad altro Comune per errore', 'per abitazione principale'])} ${parcel(r)}`,
  RIMBORSO_TARI: (r, _d, y) =>
    `Rimborso TARI ${r.int(y - 3, y - 1)} per ${r.pick(['cessazione dell\'utenza', 'doppia iscrizione', 'errata superficie tassata', 'riduzione per compostaggio domestico non applicata'])}, ${address(r)}`,
  RATEIZZAZIONE_TRIBUTI: (r, _d, y) =>
    `Rateizzazione dell'avviso di accertamento ${r.pick(['IMU', 'IMU', 'TARI'])} n. ${r.int(1, 1500)}/${y - r.int(0, 1)} in ${r.pick([6, 12, 18, 24, 36])} rate`,
  CONTRIBUTO_ECONOMICO: (r) =>
    r.pick([
      'Contributo economico straordinario per utenze domestiche',
      'Contributo per il pagamento del canone di locazione',
      'Contributo per spese sanitarie',
      'Contributo per nucleo familiare con minori',
      'Buono spesa per generi di prima necessità',
      'Contributo per morosità incolpevole',
    ]),
  AGEVOLAZIONE_SCOLASTICA: (r, d, y) =>
    `Riduzione della tariffa del servizio di ${r.pick(['mensa', 'trasporto', 'mensa e trasporto'])} a.s. ${schoolYear(d, y)} (ISEE ${euro(r.int(300000, 2400000))})`,
  ISCRIZIONE_MENSA: (r, d, y) => `Iscrizione al servizio di mensa, ${r.pick(SCHOOLS)}, a.s. ${schoolYear(d, y)}`,
  ISCRIZIONE_TRASPORTO: (r, d, y) =>
    `Iscrizione al trasporto scolastico, ${r.pick(SCHOOLS)}, a.s. ${schoolYear(d, y)}, fermata ${r.chance(0.5) ? r.pick(TOWN_STREETS) : `Frazione ${r.pick(HAMLETS)}`}`,
  SCARICO_FUORI_FOGNA: (r) =>
    `Scarico di acque reflue domestiche ${r.pick(['in sub-irrigazione', 'con impianto di fitodepurazione', 'in corpo idrico superficiale previo trattamento'])}, ${locality(r)} ${parcel(r)}`,
  MANOMISSIONE_SUOLO: (r) =>
    `Scavo su sede stradale per ${r.pick(['allaccio alla rete del gas', 'allaccio alla rete idrica', 'posa di fibra ottica', 'allaccio alla fognatura', 'riparazione di condotta'])}, ${address(r)}, ml ${r.int(3, 120)}`,
};

/** The subject builder for a procedure code, or a generic one built from its name. */
export function subjectBuilder(code: string, procedureName: string): SubjectBuilder {
  return SUBJECTS[code] ?? ((r) => `${procedureName}, ${address(r)}`);
}
