import type { Knex } from 'knex';
import { TITOLARIO_COMUNI } from './titolarioComuni';

/**
 * Installs the standard titolario for an ente that has none (titles and classes), in the caller's
 * transaction. Used when an ente is created (demo data, administration, tests).
 */
export async function installStandardTitolario(trx: Knex | Knex.Transaction, enteId: number): Promise<void> {
  const existing = await trx('scrivania.classifications').where({ ente_id: enteId }).first('id');
  if (existing) return;
  for (const title of TITOLARIO_COMUNI) {
    const [parent] = (await trx('scrivania.classifications')
      .insert({ ente_id: enteId, code: title.code, title: title.title })
      .returning('id')) as { id: number }[];
    if (title.classes.length === 0) continue;
    await trx('scrivania.classifications').insert(
      title.classes.map((classTitle, index) => ({
        ente_id: enteId,
        code: `${title.code}.${index + 1}`,
        title: classTitle,
        parent_id: parent!.id,
      })),
    );
  }
}

/** The class of the standard titolario that a procedure category's documents belong to. */
export const CATEGORY_CLASSIFICATION: Readonly<Record<string, string>> = {
  accesso: 'I.8',
  urp: 'I.8',
  anagrafe: 'XI.2',
  stato_civile: 'XI.1',
  cimiteri: 'XI.4',
  edilizia: 'VI.3',
  urbanistica: 'VI.2',
  paesaggio: 'VI.9',
  ambiente: 'VI.9',
  mobilita: 'VI.7',
  suolo_pubblico: 'VI.7',
  attivita_produttive: 'VIII.4',
  tributi: 'IV.3',
  scuola: 'VII.1',
  sociale: 'VII.12',
};

/** Sets each procedure type's classification from its category, where it has none yet. */
export async function classifyProcedureTypes(trx: Knex | Knex.Transaction, enteId: number): Promise<void> {
  for (const [category, code] of Object.entries(CATEGORY_CLASSIFICATION)) {
    await trx('scrivania.procedure_types as p')
      .where({ 'p.ente_id': enteId, 'p.category': category })
      .whereNull('p.classification_id')
      .update({
        classification_id: trx('scrivania.classifications').where({ ente_id: enteId, code }).select('id'),
      });
  }
}
