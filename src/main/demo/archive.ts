/**
 * The demo Comune's telematic archive: sixty years of building practices (licenze, concessioni,
 * DIA, permessi di costruire, SCIA, agibilità), the condoni of 1985, 1994 and 2003, and the old
 * commercial licences, with their applicants (some identified in today's people registry), their
 * addresses (on the street names of the day: renamed streets carry the old name), their parcels
 * (several on the same parcels as today's building instances, so they show as "precedenti"), small
 * generated scans with a text layer, and the boxes of the digitisation campaign at every stage.
 *
 * Loaded in the demo's transaction, on the superuser (or schema owner) connection. Fast: rows are
 * generated in memory and inserted in bulk; the full-text vectors are computed once at the end.
 */
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { ArchiveDocumentKind, PracticeOutcome, PracticeType, SeriesKind, SubjectRole } from '../../shared/domain/archive';
import { formatParcel, parseArchiveQuery } from '../../shared/domain/archiveQuery';
import { agidIdentifier } from '../archive/records';
import type { Logger } from '../logger';
import { scanPdf, scanPhoto, type ScanLine } from './archiveScans';
import { DEMO_RENAMINGS, DEMO_STREETS, streetNameOn, type DemoStreet } from './archiveToponymy';
import { FEMALE_FIRST_NAMES, MALE_FIRST_NAMES, SURNAMES } from './names';
import { DEMO_ENTE } from './organisation';
import { weightedPicker, type Rng } from './rng';

export const DEFAULT_ARCHIVE_DOSSIERS = 3000;

interface SeriesDefinition {
  code: string;
  title: string;
  kind: SeriesKind;
  yearFrom: number;
  yearTo: number;
  classification: string;
  boxPrefix: string;
  /** Share of the archive's dossiers. */
  share: number;
}

export const DEMO_SERIES: readonly SeriesDefinition[] = [
  {
    code: 'PRATICHE_EDILIZIE',
    title: 'Pratiche edilizie 1955–2015',
    kind: 'building_practices',
    yearFrom: 1955,
    yearTo: 2015,
    classification: '6.3',
    boxPrefix: 'PE',
    share: 0.78,
  },
  {
    code: 'CONDONI',
    title: 'Condoni edilizi (L. 47/1985, L. 724/1994, L. 326/2003)',
    kind: 'condoni',
    yearFrom: 1985,
    yearTo: 2004,
    classification: '6.3',
    boxPrefix: 'CE',
    share: 0.14,
  },
  {
    code: 'LICENZE_COMMERCIALI',
    title: 'Licenze di commercio 1960–1998',
    kind: 'commercial_licences',
    yearFrom: 1960,
    yearTo: 1998,
    classification: '8.4',
    boxPrefix: 'LC',
    share: 0.08,
  },
];

// ------------------------------------------------------------------------------------------------
// What the practices are about

const BUILDING_WORKS = [
  'Costruzione di fabbricato ad uso civile abitazione',
  'Costruzione di casa unifamiliare con autorimessa',
  'Sopraelevazione di un piano del fabbricato esistente',
  'Ampliamento di fabbricato rurale',
  'Costruzione di autorimessa in muratura',
  'Costruzione di capannone artigianale',
  'Ristrutturazione di fabbricato con rifacimento della copertura',
  'Costruzione di villetta bifamiliare',
  'Recinzione del lotto e cancello carrabile',
  'Costruzione di annesso agricolo e fienile',
  'Rifacimento della facciata e dei balconi',
  'Cambio di destinazione d\u2019uso da magazzino a abitazione',
  'Costruzione di edificio residenziale di sei alloggi',
  'Realizzazione di piscina pertinenziale',
  'Demolizione e ricostruzione di fabbricato rurale',
  'Apertura di nuove finestre sul prospetto principale',
];
const CONDONO_WORKS = [
  'garage in lamiera',
  'tettoia in legno',
  'chiusura di veranda con infissi in alluminio',
  'sopraelevazione del sottotetto',
  'cambio di destinazione d\u2019uso di magazzino in abitazione',
  'ampliamento della cucina',
  'locale di sgombero nel giardino',
  'garage interrato',
  'porticato in muratura',
  'recinzione in muratura',
];
const SHOPS = [
  'generi alimentari',
  'tabacchi e valori bollati',
  'ferramenta e casalinghi',
  'abbigliamento e calzature',
  'macelleria',
  'forno e pasticceria',
  'merceria',
  'frutta e verdura',
  'bar e caffetteria',
  'edicola e cartoleria',
];
const TECHNICAL_TITLES = ['Geom.', 'Geom.', 'Geom.', 'Ing.', 'Arch.', 'Per. Ed.'];
const CONTRACTORS = [
  'Edilizia Tiberina s.n.c.',
  'Costruzioni Baldoni s.r.l.',
  'Impresa edile Ragni Luigi',
  'Edil Trasimeno s.r.l.',
  'F.lli Pazzaglia s.n.c.',
];

interface TypeRule {
  type: PracticeType;
  from: number;
  to: number;
  weight: number;
}

/** Which building title the law gave in each year (DPR 380/2001 and the laws before it). */
const BUILDING_TYPE_RULES: readonly TypeRule[] = [
  { type: 'licenza_edilizia', from: 1955, to: 1976, weight: 10 },
  { type: 'concessione_edilizia', from: 1977, to: 2003, weight: 10 },
  { type: 'autorizzazione_edilizia', from: 1978, to: 2001, weight: 3 },
  { type: 'dia', from: 1997, to: 2010, weight: 5 },
  { type: 'permesso_di_costruire', from: 2003, to: 2015, weight: 6 },
  { type: 'scia', from: 2011, to: 2015, weight: 5 },
  { type: 'cila', from: 2014, to: 2015, weight: 3 },
  { type: 'agibilita', from: 1958, to: 2015, weight: 3 },
];

const CONDONO_YEARS: ReadonlyArray<readonly [number, number]> = [
  [1985, 2],
  [1986, 10],
  [1987, 2],
  [1995, 5],
  [1996, 1],
  [2004, 4],
];

/** How much was built each year: the boom of the sixties and seventies, the slowdown after 2008. */
function buildingActivity(year: number): number {
  if (year < 1962) return 4;
  if (year < 1975) return 8;
  if (year < 1992) return 9;
  if (year < 2008) return 7;
  return 4;
}

// ------------------------------------------------------------------------------------------------
// Generated dossiers

export interface DemoArchiveDocument {
  title: string;
  kind: ArchiveDocumentKind;
  filename: string;
  content: { pages: ScanLine[][] } | { photo: true };
}

export interface DemoArchiveDossier {
  seriesCode: string;
  year: number;
  number: string;
  practiceType: PracticeType;
  subject: string;
  outcome: PracticeOutcome;
  openedOn: string;
  decidedOn: string | null;
  oldReferences: string[];
  reserved: boolean;
  subjects: Array<{ role: SubjectRole; name: string; taxCode: string | null }>;
  addresses: Array<{ street: DemoStreet; civic: string }>;
  parcels: Array<{ foglio: number; particella: string; subalterno: number | null }>;
  documents: DemoArchiveDocument[];
}

export interface DemoRegistryPerson {
  last_name: string;
  first_name: string;
  codice_fiscale: string;
  birth_date: string;
}

export interface DemoArchiveContext {
  /** People of today's registry: some applicants of old practices are among them. */
  persons: readonly DemoRegistryPerson[];
  /** Subjects of today's building instances: some old practices are on the same parcels and streets. */
  instanceSubjects: readonly string[];
}

const two = (n: number) => String(n).padStart(2, '0');
const italianDay = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

function dayIn(r: Rng, year: number): string {
  return `${year}-${two(r.int(1, 12))}-${two(r.int(1, 28))}`;
}

function addDaysIso(iso: string, days: number): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function personName(r: Rng): string {
  return `${r.pick(SURNAMES)} ${r.chance(0.55) ? r.pick(MALE_FIRST_NAMES) : r.pick(FEMALE_FIRST_NAMES)}`;
}

const LABELS: Record<PracticeType, string> = {
  licenza_edilizia: 'Licenza edilizia',
  concessione_edilizia: 'Concessione edilizia',
  autorizzazione_edilizia: 'Autorizzazione edilizia',
  dia: 'Denuncia di inizio attività',
  permesso_di_costruire: 'Permesso di costruire',
  scia: 'SCIA edilizia',
  cila: 'CILA',
  condono: 'Condono edilizio',
  agibilita: 'Certificato di abitabilità',
  licenza_commerciale: 'Licenza di commercio',
  delibera_consiglio: 'Delibera del Consiglio comunale',
  delibera_giunta: 'Delibera della Giunta comunale',
  altro: 'Pratica',
};

const LAWS: Partial<Record<PracticeType, string>> = {
  licenza_edilizia: 'L. 17 agosto 1942 n. 1150, art. 31',
  concessione_edilizia: 'L. 28 gennaio 1977 n. 10',
  autorizzazione_edilizia: 'L. 5 agosto 1978 n. 457, art. 48',
  dia: 'L. 23 dicembre 1996 n. 662',
  permesso_di_costruire: 'D.P.R. 6 giugno 2001 n. 380, art. 10',
  scia: 'L. 30 luglio 2010 n. 122',
  cila: 'D.P.R. 380/2001, art. 6-bis',
  agibilita: 'R.D. 27 luglio 1934 n. 1265, art. 221',
  licenza_commerciale: 'L. 11 giugno 1971 n. 426',
};

function condonoLaw(year: number): string {
  if (year <= 1987) return 'L. 28 febbraio 1985 n. 47';
  if (year <= 1996) return 'L. 23 dicembre 1994 n. 724';
  return 'L. 24 novembre 2003 n. 326';
}

function address(street: DemoStreet, civic: string): string {
  const type = street.type === 'localita' ? 'Località' : street.type[0]!.toUpperCase() + street.type.slice(1);
  return `${type} ${street.name} ${civic}`;
}

function pagesOf(dossier: Omit<DemoArchiveDossier, 'documents'>, r: Rng): ScanLine[][] {
  const applicant = dossier.subjects.find((s) => s.role === 'applicant')?.name ?? personName(r);
  const designer = dossier.subjects.find((s) => s.role === 'designer')?.name;
  const where = dossier.addresses.map((a) => address(a.street, a.civic)).join(', ');
  const parcels = dossier.parcels
    .map((p) => formatParcel({ sezione: null, foglio: p.foglio, particella: p.particella, subalterno: p.subalterno }))
    .join(', ');
  const protocol = dossier.oldReferences[0] ?? `${r.int(100, 9000)}/${dossier.year}`;
  const label = LABELS[dossier.practiceType];
  const law = dossier.practiceType === 'condono' ? condonoLaw(dossier.year) : (LAWS[dossier.practiceType] ?? '');
  const header: ScanLine[] = [
    { text: `COMUNE DI ${DEMO_ENTE.city.toUpperCase()}`, style: 'title' },
    { text: 'Provincia di Perugia - Ufficio Tecnico Comunale', style: 'small' },
    { text: `Prot. n. ${protocol} del ${italianDay(dossier.openedOn)}`, right: true, style: 'small' },
    { text: '' },
  ];
  const application: ScanLine[] = [
    ...header,
    { text: `Al Sindaco del Comune di ${DEMO_ENTE.city}` },
    { text: '' },
    { text: `OGGETTO: ${label} - ${dossier.subject}`, style: 'heading' },
    { text: '' },
    { text: `Il/la sottoscritto/a ${applicant.toUpperCase()}, in qualità di proprietario/a,` },
    { text: `dell\u2019immobile sito in ${where || 'territorio comunale'},` },
    ...(parcels ? [{ text: `distinto in catasto al ${parcels},` }] : []),
    { text: 'CHIEDE', style: 'heading' },
    { text: `il rilascio del titolo per: ${dossier.subject.toLowerCase()},` },
    { text: `ai sensi della ${law || 'normativa vigente'}.` },
    ...(designer ? [{ text: `Progettista e direttore dei lavori: ${designer}.` }] : []),
    { text: 'Si allegano elaborati grafici, relazione tecnica e documentazione fotografica.' },
    { text: '' },
    { text: `${DEMO_ENTE.city}, ${italianDay(dossier.openedOn)}`, right: true },
    { text: 'In fede', right: true },
  ];
  if (dossier.practiceType === 'licenza_commerciale') {
    return [
      [
        ...header,
        { text: `LICENZA DI COMMERCIO N. ${dossier.number}/${dossier.year}`, style: 'heading' },
        { text: `IL SINDACO, vista la domanda presentata da ${applicant.toUpperCase()},` },
        { text: `visto il parere della Commissione comunale per il commercio (${law}),` },
        { text: 'RILASCIA', style: 'heading' },
        { text: `licenza per la vendita al dettaglio di ${dossier.subject.replace(/^.*di /, '')}` },
        { text: `nei locali siti in ${where}.` },
        { text: `${DEMO_ENTE.city}, ${italianDay(dossier.decidedOn ?? dossier.openedOn)}`, right: true },
        { text: 'IL SINDACO', right: true },
      ],
    ];
  }
  const decision: ScanLine[] = [
    ...header,
    { text: `${label.toUpperCase()} N. ${dossier.number}/${dossier.year}`, style: 'heading' },
    { text: 'IL SINDACO', style: 'heading' },
    { text: `vista la domanda di ${applicant.toUpperCase()} prot. n. ${protocol};` },
    { text: 'visto il parere favorevole della Commissione Edilizia comunale;' },
    { text: `vista la ${law || 'normativa vigente'};` },
    { text: dossier.outcome === 'denied' ? 'NEGA' : 'RILASCIA', style: 'heading' },
    { text: `${label.toLowerCase()} per: ${dossier.subject.toLowerCase()}` },
    { text: `in ${where || 'territorio comunale'}${parcels ? ` (${parcels})` : ''},` },
    { text: 'alle condizioni del regolamento edilizio e degli strumenti urbanistici vigenti.' },
    { text: `${DEMO_ENTE.city}, ${italianDay(dossier.decidedOn ?? dossier.openedOn)}`, right: true },
    { text: 'IL SINDACO', right: true },
  ];
  const report: ScanLine[] = [
    ...header,
    { text: 'RELAZIONE TECNICA ILLUSTRATIVA', style: 'heading' },
    { text: `Oggetto: ${dossier.subject}.` },
    { text: `L\u2019intervento riguarda l\u2019immobile in ${where || 'territorio comunale'}.` },
    {
      text: r.pick([
        'Struttura portante in muratura di pietrame e laterizio, solai in latero-cemento.',
        'Struttura in cemento armato con tamponature in laterizio forato.',
        'Copertura a due falde con manto in coppi di recupero e gronde in rame.',
        'Il garage sarà realizzato al piano seminterrato con accesso carrabile dalla strada.',
        'Fondazioni continue in calcestruzzo armato su terreno di medio impasto.',
      ]),
    },
    { text: r.pick(['Altezza massima m 7,50.', 'Superficie utile mq 118.', 'Volume complessivo mc 640.', 'Distanza dai confini m 5,00.']) },
    ...(designer ? [{ text: `Il tecnico: ${designer}`, right: true }] : []),
  ];
  const pages = [application, decision];
  if (r.chance(0.45)) pages.push(report);
  return pages;
}

type DossierWithoutScans = Omit<DemoArchiveDossier, 'documents'> & { photographed: boolean };

function generateDossier(
  r: Rng,
  series: SeriesDefinition,
  year: number,
  type: PracticeType,
  context: DemoArchiveContext,
  locations: { parcels: Array<{ foglio: number; particella: string }>; streets: DemoStreet[] },
): DossierWithoutScans {
  const openedOn = dayIn(r, year);
  const decidedOn = r.chance(0.95) ? addDaysIso(openedOn, r.int(20, 240)) : null;
  const outcome: PracticeOutcome =
    type === 'licenza_commerciale'
      ? 'granted'
      : r.weighted<PracticeOutcome>([
          ['granted', 86],
          ['denied', 5],
          ['withdrawn', 4],
          ['lapsed', 3],
          ['unknown', 2],
        ]);
  const registryApplicant = context.persons.length > 0 && r.chance(0.18) ? r.pick(context.persons) : null;
  const applicantName = registryApplicant ? `${registryApplicant.last_name} ${registryApplicant.first_name}` : personName(r);
  const subjects: DemoArchiveDossier['subjects'] = [
    { role: 'applicant', name: applicantName, taxCode: registryApplicant && year >= 1976 ? registryApplicant.codice_fiscale : null },
  ];
  if (r.chance(0.25)) subjects.push({ role: 'owner', name: personName(r), taxCode: null });
  if (type !== 'licenza_commerciale') {
    subjects.push({ role: 'designer', name: `${r.pick(TECHNICAL_TITLES)} ${personName(r)}`, taxCode: null });
    if (r.chance(0.3)) subjects.push({ role: 'contractor', name: r.pick(CONTRACTORS), taxCode: null });
  }
  const sharedLocation = r.chance(0.2);
  const street = sharedLocation && locations.streets.length > 0 ? r.pick(locations.streets) : r.pick(DEMO_STREETS);
  const civic = r.chance(0.07) ? `${r.int(1, 60)}/${r.pick(['a', 'b'])}` : String(r.int(1, 120));
  const addresses = [{ street: streetNameOn(street, openedOn), civic }];
  const parcels: DemoArchiveDossier['parcels'] = [];
  if (type !== 'licenza_commerciale') {
    const shared = sharedLocation && locations.parcels.length > 0 ? r.pick(locations.parcels) : null;
    const foglio = shared?.foglio ?? r.int(1, 42);
    const particella = shared?.particella ?? String(r.int(12, 1450));
    parcels.push({ foglio, particella, subalterno: r.chance(0.35) ? r.int(1, 12) : null });
    if (r.chance(0.2)) parcels.push({ foglio, particella: String(Number(particella) + r.int(1, 6)), subalterno: null });
  }
  let subject: string;
  if (type === 'condono') subject = `Domanda di condono edilizio per ${r.pick(CONDONO_WORKS)}`;
  else if (type === 'licenza_commerciale') subject = `Apertura di esercizio di vendita di ${r.pick(SHOPS)}`;
  else if (type === 'agibilita') subject = `Abitabilità di fabbricato ad uso civile abitazione di ${r.int(1, 8)} alloggi`;
  else subject = r.pick(BUILDING_WORKS);
  const oldReferences = r.chance(0.7) ? [`${r.int(100, 9999)}/${year}`] : [];
  const reserved = type === 'condono' ? r.chance(0.04) : r.chance(0.01);
  return {
    seriesCode: series.code,
    year,
    number: '',
    practiceType: type,
    subject,
    outcome,
    openedOn,
    decidedOn,
    oldReferences,
    reserved,
    subjects,
    addresses,
    parcels,
    photographed: type !== 'licenza_commerciale' && r.chance(0.05),
  };
}

/** The scans of a numbered practice: the application with its decision, and photographs of some. */
function withScans(dossier: DossierWithoutScans, boxPrefix: string, r: Rng): DemoArchiveDossier {
  const { photographed, ...rest } = dossier;
  const name = `${boxPrefix}_${dossier.year}_${dossier.number}`;
  const documents: DemoArchiveDocument[] = [
    {
      title: `${LABELS[dossier.practiceType]} n. ${dossier.number}/${dossier.year}: domanda e provvedimento`,
      kind: 'application',
      filename: `${name}_pratica.pdf`,
      content: { pages: pagesOf(rest, r) },
    },
  ];
  if (photographed)
    documents.push({ title: 'Documentazione fotografica', kind: 'photographs', filename: `${name}_foto.png`, content: { photo: true } });
  return { ...rest, documents };
}

function locationsOfInstances(subjects: readonly string[]) {
  const parcels: Array<{ foglio: number; particella: string }> = [];
  const streets: DemoStreet[] = [];
  for (const subject of subjects) {
    const query = parseArchiveQuery(subject);
    for (const parcel of query.parcels)
      if (parcel.foglio !== null && parcel.particella !== null) parcels.push({ foglio: parcel.foglio, particella: parcel.particella });
    for (const found of query.addresses) {
      const street = DEMO_STREETS.find(
        (candidate) => candidate.type === found.streetType && candidate.name.toLowerCase() === found.nameWords.join(' '),
      );
      if (street) streets.push(street);
    }
  }
  return { parcels, streets };
}

/**
 * The showcase practices of docs/archive/README.md: one on a renamed street (found by its old name, even
 * misspelt), a condono on the same parcel, and a reserved one.
 */
function showcaseDossiers(r: Rng): DemoArchiveDossier[] {
  const liberta = DEMO_RENAMINGS.find((renaming) => renaming.old.name === 'Vittorio Emanuele III')!;
  const licenza: Omit<DemoArchiveDossier, 'documents'> = {
    seriesCode: 'PRATICHE_EDILIZIE',
    year: 1968,
    number: '123',
    practiceType: 'licenza_edilizia',
    subject: 'Costruzione di fabbricato ad uso civile abitazione con autorimessa al piano terra',
    outcome: 'granted',
    openedOn: '1968-03-12',
    decidedOn: '1968-07-04',
    oldReferences: ['1187/1968'],
    reserved: false,
    subjects: [
      { role: 'applicant', name: 'Rossi Mario', taxCode: null },
      { role: 'designer', name: 'Geom. Bianchi Luigi', taxCode: null },
    ],
    addresses: [{ street: liberta.old, civic: '12' }],
    parcels: [{ foglio: 12, particella: '345', subalterno: 3 }],
  };
  const condono: Omit<DemoArchiveDossier, 'documents'> = {
    seriesCode: 'CONDONI',
    year: 1986,
    number: '501',
    practiceType: 'condono',
    subject: 'Domanda di condono edilizio per garage in lamiera e tettoia in legno',
    outcome: 'granted',
    openedOn: '1986-09-30',
    decidedOn: '1991-05-14',
    oldReferences: ['6120/1986'],
    reserved: false,
    subjects: [{ role: 'applicant', name: 'Rossi Mario', taxCode: null }],
    addresses: [{ street: liberta.today, civic: '12' }],
    parcels: [{ foglio: 12, particella: '345', subalterno: null }],
  };
  const reserved: Omit<DemoArchiveDossier, 'documents'> = {
    seriesCode: 'PRATICHE_EDILIZIE',
    year: 1992,
    number: '77',
    practiceType: 'concessione_edilizia',
    subject: 'Eliminazione delle barriere architettoniche (L. 13/1989) con rampa e ascensore, certificato medico allegato',
    outcome: 'granted',
    openedOn: '1992-02-03',
    decidedOn: '1992-04-20',
    oldReferences: ['402/1992'],
    reserved: true,
    subjects: [{ role: 'applicant', name: 'Ferri Anna', taxCode: null }],
    addresses: [{ street: DEMO_STREETS.find((street) => street.name === 'Giuseppe Mazzini')!, civic: '8' }],
    parcels: [{ foglio: 9, particella: '210', subalterno: 2 }],
  };
  return [licenza, condono, reserved].map((dossier, index) => ({
    ...dossier,
    documents: [
      {
        title: `${LABELS[dossier.practiceType]} n. ${dossier.number}/${dossier.year}: domanda e provvedimento`,
        kind: 'application' as const,
        filename: `vetrina_${index + 1}_pratica.pdf`,
        content: { pages: pagesOf(dossier, r) },
      },
      ...(index === 0
        ? [
            {
              title: 'Documentazione fotografica del fabbricato',
              kind: 'photographs' as const,
              filename: 'vetrina_1_foto.png',
              content: { photo: true as const },
            },
          ]
        : []),
    ],
  }));
}

/** The whole demo archive, deterministic for a given generator. */
export function generateDemoArchive(total: number, r: Rng, context: DemoArchiveContext): DemoArchiveDossier[] {
  const locations = locationsOfInstances(context.instanceSubjects);
  const dossiers = showcaseDossiers(r);
  const taken = new Set(dossiers.map((dossier) => `${dossier.seriesCode}|${dossier.year}|${dossier.number}`));
  const next = new Map<string, number>();
  const nextNumber = (series: string, year: number) => {
    for (;;) {
      const key = `${series}|${year}`;
      const number = (next.get(key) ?? 0) + 1;
      next.set(key, number);
      if (!taken.has(`${key}|${number}`)) return number;
    }
  };
  for (const series of DEMO_SERIES) {
    const count = Math.round(total * series.share);
    const years: Array<readonly [number, number]> =
      series.kind === 'condoni'
        ? [...CONDONO_YEARS]
        : Array.from({ length: series.yearTo - series.yearFrom + 1 }, (_, i) => {
            const year = series.yearFrom + i;
            return [year, series.kind === 'building_practices' ? buildingActivity(year) : 1] as const;
          });
    const pickYear = weightedPicker(years);
    const generated: DossierWithoutScans[] = [];
    for (let i = 0; i < count; i++) {
      const year = pickYear(r);
      const type: PracticeType =
        series.kind === 'condoni'
          ? 'condono'
          : series.kind === 'commercial_licences'
            ? 'licenza_commerciale'
            : weightedPicker(
                BUILDING_TYPE_RULES.filter((rule) => year >= rule.from && year <= rule.to).map((rule) => [rule.type, rule.weight] as const),
              )(r);
      generated.push(generateDossier(r, series, year, type, context, locations));
    }
    // Numbers follow the order of the days, as the office's register gave them.
    generated.sort((a, b) => a.openedOn.localeCompare(b.openedOn));
    for (const dossier of generated) {
      dossier.number = String(nextNumber(series.code, dossier.year));
      dossiers.push(withScans(dossier, series.boxPrefix, r));
    }
  }
  return dossiers;
}

// ------------------------------------------------------------------------------------------------
// Boxes of the campaign

const BOX_SIZE = 25;

interface DemoBox {
  seriesCode: string;
  label: string;
  yearFrom: number;
  yearTo: number;
  shelf: string;
  /** How far the campaign got with it: 0 to scan … 3 verified. */
  stage: number;
  dossiers: DemoArchiveDossier[];
}

function boxesOf(dossiers: DemoArchiveDossier[], r: Rng): DemoBox[] {
  const boxes: DemoBox[] = [];
  for (const series of DEMO_SERIES) {
    const ofSeries = dossiers
      .filter((dossier) => dossier.seriesCode === series.code)
      .sort((a, b) => a.year - b.year || Number(a.number) - Number(b.number));
    const byYear = new Map<number, DemoArchiveDossier[]>();
    for (const dossier of ofSeries) byYear.set(dossier.year, [...(byYear.get(dossier.year) ?? []), dossier]);
    let shelf = 1;
    for (const [year, ofYear] of byYear) {
      for (let start = 0, n = 1; start < ofYear.length; start += BOX_SIZE, n++) {
        // The campaign started with the oldest paper: recent boxes are still to be scanned.
        const stage = year <= 1990 ? 3 : year <= 2000 ? (r.chance(0.7) ? 3 : 2) : year <= 2008 ? r.int(1, 2) : r.chance(0.5) ? 0 : 1;
        boxes.push({
          seriesCode: series.code,
          label: `${series.boxPrefix}-${year}-${two(n)}`,
          yearFrom: year,
          yearTo: year,
          shelf: `Scaffale ${shelf}, ripiano ${((boxes.length % 5) + 1).toString()}`,
          stage: series.kind === 'condoni' ? 3 : stage,
          dossiers: ofYear.slice(start, start + BOX_SIZE),
        });
        if (boxes.length % 5 === 0) shelf += 1;
      }
    }
  }
  return boxes;
}

// ------------------------------------------------------------------------------------------------
// Loading

/** Midnights (UTC) of the weekdays among the `span` days before `now`, oldest first. */
function campaignDays(now: Date, span: number): Date[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const days: Date[] = [];
  for (let back = span; back >= 1; back--) {
    const day = new Date(today - back * 86_400_000);
    if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) days.push(day);
  }
  return days;
}

const SEARCH_INSERT_TRIGGERS = [
  ['archive_dossiers', 'archive_dossiers_search_insert'],
  ['archive_dossier_subjects', 'archive_dossier_subjects_search_insert'],
  ['archive_addresses', 'archive_addresses_search_insert'],
  ['archive_parcels', 'archive_parcels_search_insert'],
  ['archive_documents', 'archive_documents_search_insert'],
] as const;

export interface DemoArchiveSummary {
  series: number;
  streets: number;
  dossiers: number;
  documents: number;
  pages: number;
  boxes: number;
}

function chunks<T>(rows: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/**
 * Loads the demo archive into the demo's transaction. `importer` is the demo technician who ran the
 * campaign's imports (their staff id and login); scans are dated over the last `days` days.
 */
export async function loadDemoArchive(
  trx: Knex.Transaction,
  options: {
    enteId: number;
    ipaCode: string;
    rng: Rng;
    dossiers: number;
    context: DemoArchiveContext;
    importer: { id: number; login: string };
    now: Date;
    log: Logger;
  },
): Promise<DemoArchiveSummary> {
  const { enteId, rng: r } = options;
  let started = Date.now();
  const step = (label: string) => {
    options.log.info(`demo archive: ${label} (${Date.now() - started} ms)`);
    started = Date.now();
  };
  const seriesRows = (await trx('scrivania.archive_series')
    .insert(
      DEMO_SERIES.map((series) => ({
        ente_id: enteId,
        code: series.code,
        title: series.title,
        kind: series.kind,
        year_from: series.yearFrom,
        year_to: series.yearTo,
        classification: series.classification,
      })),
    )
    .returning(['id', 'code'])) as Array<{ id: number; code: string }>;
  const seriesId = new Map(seriesRows.map((row) => [row.code, row.id]));

  const streetRows = (await trx('scrivania.archive_streets')
    .insert(DEMO_STREETS.map((street) => ({ ente_id: enteId, street_type: street.type, name: street.name, verified: true })))
    .returning(['id', 'street_type', 'name'])) as Array<{ id: number; street_type: string; name: string }>;
  const streetId = new Map(streetRows.map((row) => [`${row.street_type}|${row.name}`, row.id]));
  const oldRows = (await trx('scrivania.archive_streets')
    .insert(
      DEMO_RENAMINGS.map((renaming) => ({
        ente_id: enteId,
        street_type: renaming.old.type,
        name: renaming.old.name,
        current_street_id: streetId.get(`${renaming.today.type}|${renaming.today.name}`),
        renamed_on: renaming.renamedOn,
        verified: true,
      })),
    )
    .returning(['id', 'street_type', 'name'])) as Array<{ id: number; street_type: string; name: string }>;
  for (const row of oldRows) streetId.set(`${row.street_type}|${row.name}`, row.id);

  const dossiers = generateDemoArchive(options.dossiers, r, options.context);
  const boxes = boxesOf(dossiers, r);
  step(`series, streets and ${dossiers.length} dossiers generated`);
  const boxIds = new Map<string, number>();
  for (const chunk of chunks(boxes)) {
    const rows = (await trx('scrivania.archive_boxes')
      .insert(
        chunk.map((box) => ({
          ente_id: enteId,
          series_id: seriesId.get(box.seriesCode),
          label: box.label,
          building: 'Palazzo comunale',
          room: 'Archivio di deposito, piano interrato',
          shelf: box.shelf,
          year_from: box.yearFrom,
          year_to: box.yearTo,
        })),
      )
      .returning(['id', 'label'])) as Array<{ id: number; label: string }>;
    for (const row of rows) boxIds.set(row.label, row.id);
  }
  for (const [stage, status] of [
    [1, 'scanned'],
    [2, 'indexed'],
    [3, 'verified'],
  ] as const) {
    const ids = boxes.filter((box) => box.stage >= stage).map((box) => boxIds.get(box.label)!);
    for (const chunk of chunks(ids)) await trx('scrivania.archive_boxes').whereIn('id', chunk).update({ status });
  }
  // The campaign's moves were made by the demo technician, not by the loader's connection.
  await trx('scrivania.archive_boxes').where({ ente_id: enteId }).update({ status_changed_by: options.importer.login });
  await trx('scrivania.archive_box_events')
    .whereIn('box_id', [...boxIds.values()])
    .update({ by_login: options.importer.login, by_staff_id: options.importer.id });
  step(`${boxes.length} boxes`);
  const boxOf = new Map<DemoArchiveDossier, DemoBox>();
  for (const box of boxes) for (const dossier of box.dossiers) boxOf.set(dossier, box);

  // Bulk load without refreshing the search vectors at every statement: once, at the end.
  for (const [table, trigger] of SEARCH_INSERT_TRIGGERS) await trx.raw(`ALTER TABLE scrivania.${table} DISABLE TRIGGER ${trigger}`);

  const dossierIds = new Map<DemoArchiveDossier, number>();
  const seriesCodeOf = new Map(seriesRows.map((row) => [row.id, row.code]));
  for (const chunk of chunks(dossiers)) {
    const rows = (await trx('scrivania.archive_dossiers')
      .insert(
        chunk.map((dossier) => ({
          ente_id: enteId,
          series_id: seriesId.get(dossier.seriesCode),
          year: dossier.year,
          number: dossier.number,
          practice_type: dossier.practiceType,
          subject: dossier.subject,
          outcome: dossier.outcome,
          opened_on: dossier.openedOn,
          decided_on: dossier.decidedOn,
          closed_on: dossier.decidedOn,
          old_references: dossier.oldReferences,
          box_id: boxIds.get(boxOf.get(dossier)!.label),
          reserved: dossier.reserved,
          agid_identifier: agidIdentifier(options.ipaCode, dossier.seriesCode, dossier.year, dossier.number),
          classification: DEMO_SERIES.find((series) => series.code === dossier.seriesCode)!.classification,
        })),
      )
      .returning(['id', 'series_id', 'year', 'number'])) as Array<{ id: number; series_id: number; year: number; number: string }>;
    const byKey = new Map(rows.map((row) => [`${seriesCodeOf.get(row.series_id)}|${row.year}|${row.number}`, Number(row.id)]));
    for (const dossier of chunk) dossierIds.set(dossier, byKey.get(`${dossier.seriesCode}|${dossier.year}|${dossier.number}`)!);
  }

  const registry = new Map<string, number>();
  const codes = [
    ...new Set(dossiers.flatMap((dossier) => dossier.subjects.flatMap((subject) => (subject.taxCode ? [subject.taxCode] : [])))),
  ];
  for (const chunk of chunks(codes)) {
    const rows = (await trx('scrivania.persons')
      .where({ ente_id: enteId })
      .whereIn('codice_fiscale', chunk)
      .select('id', 'codice_fiscale')) as Array<{
      id: number;
      codice_fiscale: string;
    }>;
    for (const row of rows) registry.set(row.codice_fiscale, Number(row.id));
  }
  const subjects = dossiers.flatMap((dossier) =>
    dossier.subjects.map((subject) => ({
      dossier_id: dossierIds.get(dossier),
      role: subject.role,
      name: subject.name,
      tax_code: subject.taxCode,
      person_id: subject.taxCode ? (registry.get(subject.taxCode) ?? null) : null,
    })),
  );
  for (const chunk of chunks(subjects, 1000)) await trx('scrivania.archive_dossier_subjects').insert(chunk);
  const addresses = dossiers.flatMap((dossier) =>
    dossier.addresses.map((entry) => ({
      dossier_id: dossierIds.get(dossier),
      street_id: streetId.get(`${entry.street.type}|${entry.street.name}`),
      written_as: address(entry.street, entry.civic.toUpperCase()),
      civic: entry.civic,
    })),
  );
  for (const chunk of chunks(addresses, 1000)) await trx('scrivania.archive_addresses').insert(chunk);
  const parcels = dossiers.flatMap((dossier) =>
    dossier.parcels.map((parcel) => ({
      dossier_id: dossierIds.get(dossier),
      foglio: parcel.foglio,
      particella: parcel.particella,
      subalterno: parcel.subalterno,
    })),
  );
  for (const chunk of chunks(parcels, 1000)) await trx('scrivania.archive_parcels').insert(chunk);

  step('dossiers, subjects, addresses and parcels');

  // Scans of the boxes the campaign has scanned, imported on the working days of the last weeks
  // (oldest boxes first, a few boxes a day, as a scanning service delivers them).
  const scanned = boxes.filter((box) => box.stage >= 1);
  const workingDays = campaignDays(options.now, 60);
  const totalDossiers = scanned.reduce((sum, box) => sum + box.dossiers.length, 0);
  let dossiersBefore = 0;
  let documents = 0;
  let pages = 0;
  let variant = 0;
  // Each group's files are generated while the database stores the previous group's.
  let storing: Promise<void> = Promise.resolve();
  for (const group of chunks(scanned, 20)) {
    const files: Array<{ ente_id: number; sha256: string; size: number; content_type: string; bytes: Buffer }> = [];
    const rows: object[] = [];
    for (const box of group) {
      const day =
        workingDays[Math.min(workingDays.length - 1, Math.floor((dossiersBefore / Math.max(1, totalDossiers)) * workingDays.length))]!;
      dossiersBefore += box.dossiers.length;
      const importedAt = new Date(day.getTime() + r.int(8 * 3600, 17 * 3600) * 1000);
      for (const dossier of box.dossiers) {
        dossier.documents.forEach((document, index) => {
          variant += 1;
          const bytes =
            'pages' in document.content
              ? scanPdf(document.content.pages, { variant, typewriter: dossier.year < 1990 })
              : scanPhoto(variant);
          const pageCount = 'pages' in document.content ? document.content.pages.length : 1;
          const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
          const contentType = 'pages' in document.content ? 'application/pdf' : 'image/png';
          files.push({ ente_id: enteId, sha256, size: bytes.length, content_type: contentType, bytes });
          rows.push({
            dossier_id: dossierIds.get(dossier),
            sequence: index + 1,
            title: document.title,
            kind: document.kind,
            sha256,
            filename: document.filename,
            page_count: pageCount,
            ocr_text:
              'pages' in document.content
                ? document.content.pages.map((page) => page.map((line) => line.text).join('\n')).join('\n\n')
                : null,
            ocr_source: 'pages' in document.content ? 'text_layer' : null,
            imported_at: importedAt,
            imported_by: options.importer.id,
            imported_by_login: options.importer.login,
          });
          documents += 1;
          pages += pageCount;
        });
      }
    }
    await storing;
    storing = (async () => {
      await trx('scrivania.stored_files').insert(files);
      await trx('scrivania.archive_documents').insert(rows);
    })();
  }
  await storing;

  step(`${documents} scans`);
  for (const [table, trigger] of SEARCH_INSERT_TRIGGERS) await trx.raw(`ALTER TABLE scrivania.${table} ENABLE TRIGGER ${trigger}`);
  await trx.raw(`SELECT scrivania.archive_refresh_search(ARRAY(SELECT id FROM scrivania.archive_dossiers WHERE ente_id = ?))`, [enteId]);

  step('full-text vectors');
  return {
    series: seriesRows.length,
    streets: streetRows.length + oldRows.length,
    dossiers: dossiers.length,
    documents,
    pages,
    boxes: boxes.length,
  };
}
