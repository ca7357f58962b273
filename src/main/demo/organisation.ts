/**
 * The demo Comune: a fictional municipality in Umbria with realistic identifiers, its protocol
 * register (AOO), its offices and its staff. Everything here is invented; names that look like
 * real people are common Italian names and surnames.
 */
import { partitaIvaCheckDigit } from '../../shared/domain/partitaIva';

export type StaffRole = 'clerk' | 'technician' | 'manager' | 'admin';

/** Every demo user signs in with this password unless `loadDemoData` is given `passwordFor`. */
export const DEMO_PASSWORD = 'Scrivania.2026';

/** Codice fiscale of the ente: 7-digit matricola, 3-digit provincial office (054 = Perugia), check digit. */
const ENTE_CF_FIRST10 = '0043871054';

export const DEMO_ENTE = {
  name: 'Comune di Montesereno',
  /** Short name, as used in addresses and for the residents' city. */
  city: 'Montesereno',
  /** ISTAT code: province 054 (Perugia) + a progressive not used by any real comune of that province. */
  istatCode: '054099',
  codiceFiscale: ENTE_CF_FIRST10 + partitaIvaCheckDigit(ENTE_CF_FIRST10),
  /**
   * Cadastral (Belfiore) code of the demo Comune, used in the codici fiscali of people born there.
   * Fictional: real codes run up to the M4xx range.
   */
  belfioreCode: 'M999',
  /** IPA codes of comuni are 'c_' + the Belfiore code in lower case. */
  ipaCode: 'c_m999',
  province: 'PG',
  postalCode: '06030',
  address: 'Piazza del Municipio 1, 06030 Montesereno (PG)',
  pec: 'comune.montesereno@postacert.umbria.it',
  emailDomain: 'comune.montesereno.pg.it',
  patronSaint: 'San Michele Arcangelo',
  patronDay: '09-29',
  aoo: { code: 'AOO_MONTESERENO', name: 'Registro di protocollo del Comune di Montesereno' },
} as const;

/** The demo Comune as its row of `scrivania.enti`. */
export const DEMO_ENTE_ROW = {
  istat_code: DEMO_ENTE.istatCode,
  name: DEMO_ENTE.name,
  kind: 'comune',
  codice_fiscale: DEMO_ENTE.codiceFiscale,
  ipa_code: DEMO_ENTE.ipaCode,
  province: DEMO_ENTE.province,
  address: DEMO_ENTE.address,
  pec: DEMO_ENTE.pec,
  patron_saint: DEMO_ENTE.patronSaint,
  patron_day: DEMO_ENTE.patronDay,
} as const;

export interface DemoOffice {
  code: string;
  name: string;
  email: string;
}

export const DEMO_OFFICES: readonly DemoOffice[] = [
  { code: 'PROTOCOLLO_URP', name: 'Protocollo e URP', email: `protocollo@${DEMO_ENTE.emailDomain}` },
  { code: 'DEMOGRAFICI', name: 'Servizi demografici', email: `anagrafe@${DEMO_ENTE.emailDomain}` },
  { code: 'SUE', name: 'Sportello unico edilizia', email: `edilizia@${DEMO_ENTE.emailDomain}` },
  { code: 'SUAP', name: 'Sportello unico attività produttive', email: `suap@${DEMO_ENTE.emailDomain}` },
  { code: 'TRIBUTI', name: 'Tributi', email: `tributi@${DEMO_ENTE.emailDomain}` },
  { code: 'SOCIALI', name: 'Servizi sociali e scolastici', email: `sociale@${DEMO_ENTE.emailDomain}` },
  { code: 'POLIZIA_LOCALE', name: 'Polizia locale', email: `polizialocale@${DEMO_ENTE.emailDomain}` },
  { code: 'LLPP_AMBIENTE', name: 'Lavori pubblici e ambiente', email: `lavoripubblici@${DEMO_ENTE.emailDomain}` },
];

export interface DemoStaffMember {
  /** Login name before any `usernameSuffix`. */
  username: string;
  fullName: string;
  role: StaffRole;
  /** Office codes (DEMO_OFFICES). */
  offices: readonly string[];
  /** What the person does, for the README. */
  position: string;
}

/** The demo users. All of them sign in with DEMO_PASSWORD. */
export const DEMO_STAFF: readonly DemoStaffMember[] = [
  { username: 'a.bianchi', fullName: 'Anna Bianchi', role: 'admin', offices: ['PROTOCOLLO_URP'], position: 'Amministratrice di sistema' },
  {
    username: 'l.ricci',
    fullName: 'Laura Ricci',
    role: 'manager',
    offices: ['PROTOCOLLO_URP', 'DEMOGRAFICI', 'TRIBUTI', 'SOCIALI'],
    position: 'Responsabile Area amministrativa',
  },
  {
    username: 'm.colombo',
    fullName: 'Marco Colombo',
    role: 'manager',
    offices: ['SUE', 'SUAP', 'LLPP_AMBIENTE', 'POLIZIA_LOCALE'],
    position: 'Responsabile Area tecnica',
  },
  { username: 's.moretti', fullName: 'Stefano Moretti', role: 'technician', offices: ['SUE'], position: 'Istruttore tecnico edilizia' },
  { username: 'f.gallo', fullName: 'Francesca Gallo', role: 'technician', offices: ['SUE'], position: 'Istruttrice tecnica edilizia e paesaggio' },
  { username: 'e.marino', fullName: 'Elena Marino', role: 'technician', offices: ['SUAP'], position: 'Istruttrice SUAP' },
  { username: 'r.conti', fullName: 'Roberto Conti', role: 'technician', offices: ['LLPP_AMBIENTE'], position: 'Istruttore tecnico lavori pubblici e ambiente' },
  { username: 'g.greco', fullName: 'Giuseppe Greco', role: 'clerk', offices: ['DEMOGRAFICI'], position: 'Ufficiale d\'anagrafe e di stato civile' },
  { username: 'c.lombardi', fullName: 'Chiara Lombardi', role: 'clerk', offices: ['PROTOCOLLO_URP', 'DEMOGRAFICI'], position: 'Addetta protocollo e sportello' },
  { username: 'p.esposito', fullName: 'Paolo Esposito', role: 'clerk', offices: ['TRIBUTI'], position: 'Istruttore amministrativo tributi' },
  { username: 'v.romano', fullName: 'Valentina Romano', role: 'clerk', offices: ['SOCIALI'], position: 'Assistente sociale' },
  { username: 'd.costa', fullName: 'Davide Costa', role: 'clerk', offices: ['POLIZIA_LOCALE'], position: 'Agente di polizia locale' },
];

export function staffEmail(member: Pick<DemoStaffMember, 'username'>): string {
  return `${member.username}@${DEMO_ENTE.emailDomain}`;
}
