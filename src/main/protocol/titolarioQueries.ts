import type { Knex } from 'knex';
import type { ClassificationNode, ProcedureClassification } from '../../shared/api/titolario';

type Db = Knex | Knex.Transaction;

export async function selectClassifications(db: Db): Promise<ClassificationNode[]> {
  const rows = (await db('scrivania.classifications as c')
    .select(
      'c.id',
      'c.code',
      'c.title',
      'c.parent_id',
      'c.active',
      db.raw('(SELECT count(*) FROM scrivania.procedure_types p WHERE p.classification_id = c.id AND p.active)::integer AS procedures'),
    )
    .orderBy('c.id')) as { id: number; code: string; title: string; parent_id: number | null; active: boolean; procedures: number }[];
  return rows.map((row) => ({
    id: row.id,
    code: row.code,
    title: row.title,
    parentId: row.parent_id,
    active: row.active,
    procedures: row.procedures,
  }));
}

export async function selectProcedureClassifications(db: Db): Promise<ProcedureClassification[]> {
  const rows = (await db('scrivania.procedure_types as p')
    .join('scrivania.offices as o', 'o.id', 'p.office_id')
    .where('p.active', true)
    .orderBy('p.name')
    .select('p.id', 'p.code', 'p.name', 'o.name as office_name', 'p.classification_id')) as {
    id: number;
    code: string;
    name: string;
    office_name: string;
    classification_id: number | null;
  }[];
  return rows.map((row) => ({
    procedureTypeId: row.id,
    code: row.code,
    name: row.name,
    officeName: row.office_name,
    classificationId: row.classification_id,
  }));
}

export async function findClassificationByCode(db: Db, code: string): Promise<{ id: number; active: boolean } | null> {
  return (
    ((await db('scrivania.classifications').where({ code }).first('id', 'active')) as { id: number; active: boolean } | undefined) ?? null
  );
}

export async function insertClassification(
  trx: Knex.Transaction,
  node: { enteId: number; code: string; title: string; parentId: number | null },
): Promise<void> {
  await trx('scrivania.classifications').insert({ ente_id: node.enteId, code: node.code, title: node.title, parent_id: node.parentId });
}

export async function updateClassification(
  trx: Knex.Transaction,
  id: number,
  changes: { title: string; active: boolean },
): Promise<number> {
  return trx('scrivania.classifications').where({ id }).update(changes);
}

export async function countActiveUses(db: Db, classificationId: number): Promise<number> {
  const [row] = (await db('scrivania.procedure_types').where({ classification_id: classificationId, active: true }).count({ n: '*' })) as [
    { n: number },
  ];
  const [children] = (await db('scrivania.classifications').where({ parent_id: classificationId, active: true }).count({ n: '*' })) as [
    { n: number },
  ];
  return Number(row.n) + Number(children.n);
}

export async function setProcedureClassification(
  trx: Knex.Transaction,
  procedureTypeId: number,
  classificationId: number,
): Promise<number> {
  return trx('scrivania.procedure_types')
    .where({ id: procedureTypeId })
    .update({ classification_id: classificationId, updated_at: trx.fn.now() });
}
