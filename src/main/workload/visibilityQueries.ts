/**
 * What the signed-in user may read of the workload figures: whether they see the whole ente (an
 * administrator, or a manager granted it), which offices a colleague works in, which office
 * handles a procedure type. The dashboard refuses a scope outside that instead of showing zeros.
 */
import type { Knex } from 'knex';
import { sql } from './sql';

export interface ScopeVisibility {
  wholeEnte: boolean;
  officesOfStaff(staffId: number): number[];
  officeOfProcedure(procedureTypeId: number): number | null;
}

export async function selectScopeVisibility(db: Knex | Knex.Transaction): Promise<ScopeVisibility> {
  const [whole] = await sql`SELECT scrivania.current_sees_whole_ente() AS whole`.rows<{ whole: boolean }>(db);
  const memberships = await sql`SELECT staff_id, office_id FROM scrivania.staff_offices`.rows<{ staff_id: number; office_id: number }>(db);
  const procedures = await sql`SELECT id, office_id FROM scrivania.procedure_types`.rows<{ id: number; office_id: number }>(db);
  const procedureOffice = new Map(procedures.map((row) => [row.id, row.office_id]));
  return {
    wholeEnte: whole?.whole === true,
    officesOfStaff: (staffId) => memberships.filter((row) => row.staff_id === staffId).map((row) => row.office_id),
    officeOfProcedure: (procedureTypeId) => procedureOffice.get(procedureTypeId) ?? null,
  };
}
