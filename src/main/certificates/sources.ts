/**
 * Where each certificate type draws its data. A source reads, under the issuing transaction and its
 * row-level security, what the template prints, and refuses with a typed, translatable error when
 * the registry does not hold it (a person not resident, a birth not recorded here).
 *
 * Every source adds the fields common to all certificates (the holder, the ente, the day of issue);
 * `cdu` is implemented by the CDU module (src/main/certificates/cdu) and listed here.
 */
import type { Knex } from 'knex';
import type { CertificateData, CertificateSource } from '../../shared/domain/certificates';
import { AppError } from '../api/appError';
import { formatDay } from '../pdf/format';
import { birthRecordOf, householdOf, residenceOf } from '../people/anagrafe';
import { cduSource } from './cdu/source';
import type { HolderRow } from './queries';

export interface SourceRequest {
  trx: Knex.Transaction;
  holder: HolderRow;
  enteName: string;
  /** Day of issue, 'YYYY-MM-DD' (Europe/Rome). */
  issuedOn: string;
  /** The CDU request the certificate answers (CDU only). */
  cduRequestId: number | null;
}

/** The certificate just issued, as a source's `onIssued` receives it (same transaction). */
export interface IssuedCertificate {
  certificateId: number;
  year: number;
  number: number;
  filename: string;
  pdf: Buffer;
}

export interface LoadedSource extends CertificateData {
  /** The case the certificate answers, if any: a protocolled certificate is filed in it. */
  instanceId: number | null;
  /** What the certificate concludes, done in the issuing transaction (the CDU's case). */
  onIssued?: (issued: IssuedCertificate) => Promise<void>;
}

export type SourceLoader = (request: SourceRequest) => Promise<LoadedSource>;

/** 'ROSSI Mario': the surname in capitals, as registry certificates print a person. */
export function registryName(lastName: string, firstName: string): string {
  return `${lastName.toUpperCase()} ${firstName}`;
}

/** The fields of `COMMON_PLACEHOLDERS`. */
export function commonFields(request: Pick<SourceRequest, 'holder' | 'enteName' | 'issuedOn'>): Record<string, string> {
  const { holder } = request;
  const female = holder.sex === 'F';
  return {
    comune: request.enteName,
    cognome: holder.last_name.toUpperCase(),
    nome: holder.first_name,
    nominativo: registryName(holder.last_name, holder.first_name),
    codice_fiscale: holder.codice_fiscale,
    data_nascita: formatDay(holder.birth_date),
    luogo_nascita: holder.birth_place,
    nato_a: female ? 'nata' : 'nato',
    iscritto_a: female ? 'iscritta' : 'iscritto',
    data_rilascio: formatDay(request.issuedOn),
  };
}

const residence: SourceLoader = async (request) => {
  const found = await residenceOf(request.trx, request.holder.id);
  if (!found) throw new AppError('validation', `Person ${request.holder.id} is not resident`, 'certificates.not_resident');
  return {
    fields: {
      ...commonFields(request),
      indirizzo: found.address,
      cap: found.postalCode,
      comune_residenza: found.city,
      residente_dal: formatDay(found.since),
    },
    table: null,
    instanceId: null,
  };
};

const household: SourceLoader = async (request) => {
  const found = await householdOf(request.trx, request.holder.id);
  if (!found) throw new AppError('validation', `Person ${request.holder.id} belongs to no household`, 'certificates.household_unknown');
  return {
    fields: {
      ...commonFields(request),
      indirizzo: found.address,
      cap: found.postalCode,
      comune_residenza: found.city,
      numero_componenti: String(found.members.length),
    },
    table: {
      columns: ['Cognome e nome', 'Luogo e data di nascita', 'Codice fiscale', 'Rapporto con l’intestatario'],
      rows: found.members.map((m) => [
        registryName(m.lastName, m.firstName),
        `${m.birthPlace}, ${formatDay(m.birthDate)}`,
        m.codiceFiscale,
        m.relationship,
      ]),
    },
    instanceId: null,
  };
};

const birth: SourceLoader = async (request) => {
  const found = await birthRecordOf(request.trx, request.holder.id);
  if (!found) throw new AppError('validation', `Birth of person ${request.holder.id} not recorded here`, 'certificates.birth_not_recorded');
  const act = [
    `anno ${found.actYear}`,
    `parte ${found.actPart}`,
    ...(found.actSeries ? [`serie ${found.actSeries}`] : []),
    `n. ${found.actNumber}`,
  ].join(', ');
  return {
    fields: {
      ...commonFields(request),
      data_nascita: formatDay(found.birthDate),
      luogo_nascita: found.birthPlace,
      ora_nascita: found.birthTime ?? 'non indicata',
      atto: `atto ${act}`,
      atto_anno: String(found.actYear),
      atto_numero: found.actNumber,
      atto_parte: found.actPart,
      atto_serie: found.actSeries ?? '',
      padre: found.fatherName ?? '',
      madre: found.motherName ?? '',
    },
    table: null,
    instanceId: null,
  };
};

// The CDU's loader is called through a function: its module imports this one (commonFields).
const sources: Partial<Record<CertificateSource, SourceLoader>> = { residence, household, birth, cdu: (request) => cduSource(request) };

/** The loader of a source; refused while a source's module is not installed. */
export function sourceLoader(source: CertificateSource): SourceLoader {
  const loader = sources[source];
  if (!loader) throw new AppError('unavailable', `No data source ${source}`, 'certificates.source_unavailable');
  return loader;
}
