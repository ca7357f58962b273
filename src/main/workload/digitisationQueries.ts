/**
 * SQL of digitisation monitoring: the catalogue's procedures available online, instances received
 * by channel and month, received online per procedure. Aggregates only: counts, never a case.
 */
import type { Knex } from 'knex';
import type { IsoDate } from '../../shared/domain/calendar';
import { addDays } from '../../shared/domain/calendar';
import { sql } from './sql';

type Db = Knex | Knex.Transaction;

export interface CatalogueRow {
  id: number;
  office_id: number;
  code: string;
  name: string;
  office: string;
  legal_term_days: number;
  online_available: boolean;
}

/** The active procedures of the catalogue (census of procedures), with their office. */
export async function selectCatalogue(db: Db): Promise<CatalogueRow[]> {
  return sql`
    SELECT p.id, p.office_id, p.code, p.name, o.name AS office, p.legal_term_days, p.online_available
      FROM scrivania.procedure_types p JOIN scrivania.offices o ON o.id = p.office_id
     WHERE p.active
     ORDER BY p.code`.rows<CatalogueRow>(db);
}

export interface ReceivedRow {
  month: string;
  procedure_type_id: number;
  channel: 'online' | 'pec' | 'desk';
  received: number;
}

/** Instances received in the period (days in Europe/Rome, both included), by month, procedure and channel. */
export async function selectReceivedByChannel(db: Db, enteId: number, from: IsoDate, to: IsoDate): Promise<ReceivedRow[]> {
  return sql`
    SELECT to_char(i.received_at AT TIME ZONE 'Europe/Rome', 'YYYY-MM') AS month, i.procedure_type_id, i.channel,
           count(*)::integer AS received
      FROM scrivania.instances i
     WHERE i.ente_id = ${enteId}::integer
       AND i.received_at >= (${from}::date::timestamp AT TIME ZONE 'Europe/Rome')
       AND i.received_at < (${addDays(to, 1)}::date::timestamp AT TIME ZONE 'Europe/Rome')
     GROUP BY 1, 2, 3`.rows<ReceivedRow>(db);
}

export async function selectEnteIdentity(
  db: Db,
): Promise<{ name: string; istat_code: string; ipa_code: string; address: string; codice_fiscale: string; pec: string | null }> {
  const [row] =
    await sql`SELECT name, istat_code, ipa_code, address, codice_fiscale, pec FROM scrivania.enti WHERE id = scrivania.current_ente_id()`.rows<{
      name: string;
      istat_code: string;
      ipa_code: string;
      address: string;
      codice_fiscale: string;
      pec: string | null;
    }>(db);
  if (!row) throw new Error('The signed-in user has no ente');
  return row;
}
