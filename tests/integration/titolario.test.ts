import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyProcedure, getTitolario, saveClassification } from '../../src/main/protocol/titolarioService';
import { SaveClassificationInput } from '../../src/shared/api/titolario';
import { createEnte, type EnteFixture } from '../support/fixtures';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

describe('the titolario, kept by the administrator (DPR 445/2000 artt. 56, 64)', () => {
  let db: TestDatabase;
  let ente: EnteFixture;
  let adminDb: Knex;
  let clerkDb: Knex;

  beforeAll(async () => {
    db = await createTestDatabase();
    ente = await createEnte(db.admin);
    adminDb = db.connectAs(await db.createStaff({ enteId: ente.enteId, role: 'admin', officeIds: [ente.offices.protocollo] }));
    clerkDb = db.connectAs(await db.createStaff({ enteId: ente.enteId, role: 'clerk', officeIds: [ente.offices.protocollo] }));
  });
  afterAll(async () => {
    await db.drop();
  });

  const save = (conn: Knex, input: unknown) => saveClassification(conn, ente.enteId, SaveClassificationInput.parse(input));

  it('starts from the titolario of the Comuni, with each procedure classified', async () => {
    const titolario = await getTitolario(adminDb);
    expect(titolario.nodes.find((node) => node.code === 'VI.3')).toMatchObject({ title: 'Edilizia privata', procedures: 2 });
    expect(titolario.nodes.filter((node) => node.parentId === null)).toHaveLength(14);
    expect(titolario.procedures.every((procedure) => procedure.classificationId !== null)).toBe(true);
  });

  it('adds a sub-class under an existing class, renames it, but never changes a code', async () => {
    let titolario = await save(adminDb, { code: 'vi.3.1', title: 'Permessi di costruire' });
    const node = titolario.nodes.find((n) => n.code === 'VI.3.1')!;
    expect(node.parentId).toBe(titolario.nodes.find((n) => n.code === 'VI.3')!.id);
    titolario = await save(adminDb, { id: node.id, code: 'VI.3.1', title: 'Permessi di costruire e varianti' });
    expect(titolario.nodes.find((n) => n.id === node.id)?.title).toBe('Permessi di costruire e varianti');
    await expect(save(adminDb, { id: node.id, code: 'VI.3.2', title: 'Altro' })).rejects.toMatchObject({
      reason: 'classification_code_fixed',
    });
    await expect(save(adminDb, { code: 'VI.3.1', title: 'Doppione' })).rejects.toMatchObject({ reason: 'classification_code_taken' });
    await expect(save(adminDb, { code: 'XX.1', title: 'Senza padre' })).rejects.toMatchObject({ reason: 'classification_parent_missing' });
  });

  it('refuses to deactivate a class still used by an active procedure; moves the procedure first', async () => {
    const titolario = await getTitolario(adminDb);
    const edilizia = titolario.nodes.find((n) => n.code === 'VI.3')!;
    await expect(save(adminDb, { id: edilizia.id, code: 'VI.3', title: edilizia.title, active: false })).rejects.toMatchObject({
      reason: 'classification_in_use',
    });
    const urbanistica = titolario.nodes.find((n) => n.code === 'VI.2')!;
    const moved = await classifyProcedure(adminDb, { procedureTypeId: ente.procedures.permesso, classificationId: urbanistica.id });
    expect(moved.procedures.find((p) => p.procedureTypeId === ente.procedures.permesso)?.classificationId).toBe(urbanistica.id);
  });

  it('a clerk cannot change the titolario, even with raw SQL', async () => {
    await expect(save(clerkDb, { code: 'VI.3.9', title: 'Abusiva' })).rejects.toThrow();
    await expect(clerkDb('scrivania.classifications').where({ code: 'VI.3' }).update({ title: 'x' })).rejects.toThrow(/permission denied/);
  });
});
