import type { Knex } from 'knex';
import type { ClassifyProcedureInput, SaveClassificationInput, Titolario } from '../../shared/api/titolario';
import type { z } from 'zod';
import { AppError } from '../api/appError';
import {
  countActiveUses,
  findClassificationByCode,
  insertClassification,
  selectClassifications,
  selectProcedureClassifications,
  setProcedureClassification,
  updateClassification,
} from './titolarioQueries';

export async function getTitolario(db: Knex | Knex.Transaction): Promise<Titolario> {
  const [nodes, procedures] = await Promise.all([selectClassifications(db), selectProcedureClassifications(db)]);
  return { nodes, procedures };
}

function parentCodeOf(code: string): string | null {
  const dot = code.lastIndexOf('.');
  return dot < 0 ? null : code.slice(0, dot);
}

/**
 * Adds a title, class or sub-class to the titolario, or renames or (de)activates one. Codes never
 * change once used (documents are classified by them); a node still used by an active procedure
 * type or with active children cannot be deactivated. Administrators only (the database's
 * row-level security says so too).
 */
export async function saveClassification(db: Knex, enteId: number, input: z.output<typeof SaveClassificationInput>): Promise<Titolario> {
  await db.transaction(async (trx) => {
    if (input.id === undefined) {
      if (await findClassificationByCode(trx, input.code))
        throw new AppError('conflict', `Code ${input.code} exists`, 'classification_code_taken');
      const parentCode = parentCodeOf(input.code);
      const parent = parentCode === null ? null : await findClassificationByCode(trx, parentCode);
      if (parentCode !== null && !parent) throw new AppError('validation', `No parent ${parentCode}`, 'classification_parent_missing');
      if (parent && !parent.active) throw new AppError('validation', `Parent ${parentCode} inactive`, 'classification_parent_inactive');
      await insertClassification(trx, { enteId, code: input.code, title: input.title, parentId: parent?.id ?? null });
      return;
    }
    const existing = await findClassificationByCode(trx, input.code);
    if (!existing || existing.id !== input.id)
      throw new AppError('validation', 'The code of a classification cannot change', 'classification_code_fixed');
    if (!input.active && existing.active && (await countActiveUses(trx, input.id)) > 0) {
      throw new AppError('conflict', 'Still used by procedures or classes', 'classification_in_use');
    }
    if ((await updateClassification(trx, input.id, { title: input.title, active: input.active })) !== 1) {
      throw new AppError('not_found', 'No such classification', 'classification_not_found');
    }
  });
  return getTitolario(db);
}

export async function classifyProcedure(db: Knex, input: z.output<typeof ClassifyProcedureInput>): Promise<Titolario> {
  await db.transaction(async (trx) => {
    const target = (await trx('scrivania.classifications').where({ id: input.classificationId }).first('active')) as
      { active: boolean } | undefined;
    if (!target) throw new AppError('not_found', 'No such classification', 'classification_not_found');
    if (!target.active) throw new AppError('validation', 'Inactive classification', 'classification_inactive');
    if ((await setProcedureClassification(trx, input.procedureTypeId, input.classificationId)) !== 1) {
      throw new AppError('not_found', 'No such procedure', 'unknown_procedure');
    }
  });
  return getTitolario(db);
}
