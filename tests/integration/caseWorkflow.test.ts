import type { Knex } from 'knex';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerInstance, type RegistrationRequest } from '../../src/main/protocol/registration';
import { actOnCase, getCase, type Actor } from '../../src/main/instances/workflowService';
import { CaseActionInput, type CaseActionInputValue } from '../../src/shared/api/cases';
import { buildCodiceFiscale } from '../../src/shared/domain/codiceFiscale';
import { TRANSITIONS } from '../../src/shared/domain/workflow';
import { createEnte, type EnteFixture } from '../support/fixtures';
import { createTestDatabase, type TestDatabase, type TestStaff } from '../support/testDatabase';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

function request(procedureCode: string, pec: string | null = 'giulia.neri@pec.example.it'): RegistrationRequest {
  return {
    channel: 'desk',
    source: { kind: 'desk', externalId: null },
    procedureCode,
    applicant: {
      kind: 'person',
      codiceFiscale: buildCodiceFiscale({
        lastName: 'Neri',
        firstName: 'Giulia',
        birthDate: '1982-11-30',
        sex: 'F',
        birthPlaceCode: 'G478',
      }),
      lastName: 'Neri',
      firstName: 'Giulia',
      pec,
    },
    subject: 'Richiesta di prova per il flusso della pratica',
    receivedAt: new Date().toISOString(),
    attachments: [{ filename: 'domanda.pdf', bytes: PDF, title: 'Domanda', kind: 'application' }],
  };
}

describe('the case workflow: steps by status, role and law, traced, with the clock and letters', () => {
  let db: TestDatabase;
  let ente: EnteFixture;
  let clerk: TestStaff;
  let technician: TestStaff;
  let colleague: TestStaff;
  let clerkDb: Knex;
  let technicianDb: Knex;
  let colleagueDb: Knex;

  const actorOf = (staff: TestStaff): Actor => ({ staffId: staff.id, role: staff.role });
  const act = (conn: Knex, staff: TestStaff, input: CaseActionInputValue) => actOnCase(conn, CaseActionInput.parse(input), actorOf(staff));

  beforeAll(async () => {
    db = await createTestDatabase();
    ente = await createEnte(db.admin);
    clerk = await db.createStaff({ enteId: ente.enteId, role: 'clerk', officeIds: [ente.offices.protocollo, ente.offices.edilizia] });
    technician = await db.createStaff({
      enteId: ente.enteId,
      role: 'technician',
      officeIds: [ente.offices.edilizia],
      name: 'Teresa Tecnica',
    });
    colleague = await db.createStaff({
      enteId: ente.enteId,
      role: 'technician',
      officeIds: [ente.offices.edilizia],
      name: 'Carlo Collega',
    });
    clerkDb = db.connectAs(clerk);
    technicianDb = db.connectAs(technician);
    colleagueDb = db.connectAs(colleague);
  });

  afterAll(async () => {
    await db.drop();
  });

  it('the database and the app agree on every transition', async () => {
    const rows = (await db.admin('scrivania.workflow_transitions').select('*')) as {
      action: string;
      from_status: string;
      to_status: string;
      roles: string[];
    }[];
    const asKey = (t: { action: string; from: string; to: string; roles: readonly string[] }) =>
      `${t.action}:${t.from}>${t.to}:${[...t.roles].sort().join(',')}`;
    expect(rows.map((r) => asKey({ action: r.action, from: r.from_status, to: r.to_status, roles: r.roles })).sort()).toEqual(
      TRANSITIONS.map(asKey).sort(),
    );
  });

  it('from registration to closure: take, integration (art. 2 c.7), preavviso (art. 10-bis), rejection, closure — each step traced with a letter', async () => {
    const { instanceId } = await registerInstance(clerkDb, request('PDC'));
    let detail = await getCase(technicianDb, instanceId, actorOf(technician));
    expect(detail.actions).toContain('take_in_charge');

    await expect(
      act(clerkDb, clerk, {
        instanceId,
        expectedVersion: detail.version,
        action: 'send_preavviso',
        reason: 'Distanze dai confini non rispettate',
      }),
    ).rejects.toMatchObject({
      code: 'conflict',
      reason: 'not_allowed_in_status',
    });
    detail = await act(technicianDb, technician, { instanceId, expectedVersion: detail.version, action: 'take_in_charge' });
    expect(detail).toMatchObject({ status: 'in_progress', assignee: { id: technician.id, name: 'Teresa Tecnica' } });

    await expect(
      act(colleagueDb, colleague, {
        instanceId,
        expectedVersion: detail.version,
        action: 'request_integration',
        reason: 'Manca la relazione tecnica asseverata',
      }),
    ).rejects.toMatchObject({ code: 'forbidden', reason: 'not_holder' });

    detail = await act(technicianDb, technician, {
      instanceId,
      expectedVersion: detail.version,
      action: 'request_integration',
      reason: 'Manca la relazione tecnica asseverata',
    });
    expect(detail.status).toBe('suspended');
    expect(detail.clock.status).toBe('suspended');
    expect(detail.clock.pause).toMatchObject({ kind: 'integration', effect: 'suspension' });

    const letters = await db.admin('scrivania.messages').where({ instance_id: instanceId }).orderBy('id');
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({
      template_code: 'integration_request',
      recipient_address: 'giulia.neri@pec.example.it',
      status: 'queued',
    });
    expect(letters[0].body_text).toContain('Manca la relazione tecnica asseverata');

    detail = await act(clerkDb, clerk, {
      instanceId,
      expectedVersion: detail.version,
      action: 'receive_integration',
      note: 'Relazione consegnata allo sportello',
    });
    expect(detail.status).toBe('in_progress');
    expect(detail.clock.status).toBe('running');
    await expect(
      act(technicianDb, technician, {
        instanceId,
        expectedVersion: detail.version,
        action: 'request_integration',
        reason: 'Manca ancora un elaborato grafico',
      }),
    ).rejects.toMatchObject({ reason: 'integration_already_requested' });

    const decision = { filename: 'diniego.pdf', contentBase64: PDF.toString('base64') };
    await expect(
      act(technicianDb, technician, {
        instanceId,
        expectedVersion: detail.version,
        action: 'decide',
        outcome: 'rejected',
        reason: 'Distanze dai confini non rispettate',
        document: decision,
      }),
    ).rejects.toMatchObject({ code: 'conflict', reason: 'preavviso_required' });
    detail = await act(technicianDb, technician, {
      instanceId,
      expectedVersion: detail.version,
      action: 'send_preavviso',
      reason: 'Distanze dai confini non rispettate',
    });
    expect(detail.status).toBe('awaiting_observations');
    detail = await act(technicianDb, technician, {
      instanceId,
      expectedVersion: detail.version,
      action: 'decide',
      outcome: 'rejected',
      reason: 'Distanze dai confini non rispettate',
      document: decision,
    });
    expect(detail).toMatchObject({ status: 'rejected', clock: { status: 'stopped', stoppedBy: 'decided' } });
    expect(detail.decidedAt).not.toBeNull();
    const outcome = await technicianDb('scrivania.documents').where({ instance_id: instanceId, kind: 'outcome' });
    expect(outcome).toHaveLength(1);

    detail = await act(technicianDb, technician, { instanceId, expectedVersion: detail.version, action: 'close' });
    expect(detail.closedAt).not.toBeNull();
    expect(detail.fascicolo?.closedOn).not.toBeNull();
    await expect(
      act(technicianDb, technician, { instanceId, expectedVersion: detail.version, action: 'withdraw', reason: 'Ritiro' }),
    ).rejects.toMatchObject({ reason: 'case_closed' });

    expect(detail.history.map((event) => event.action)).toEqual([
      'register',
      'take_in_charge',
      'request_integration',
      'receive_integration',
      'send_preavviso',
      'decide',
      'close',
    ]);
    expect(detail.history[2]).toMatchObject({
      actorName: 'Teresa Tecnica',
      actorLogin: technician.username,
      reason: 'Manca la relazione tecnica asseverata',
      fromStatus: 'in_progress',
      toStatus: 'suspended',
    });
    const templates = (await db.admin('scrivania.messages').where({ instance_id: instanceId }).orderBy('id').select('template_code')).map(
      (m) => m.template_code,
    );
    expect(templates).toEqual(['integration_request', 'preavviso_rigetto', 'decision_rejected']);
  });

  it('art. 19 c.3: a SCIA is conformed, not integrated, and the conformation restarts the term in full', async () => {
    const { instanceId } = await registerInstance(clerkDb, request('SCIA_EDILIZIA'));
    let detail = await getCase(technicianDb, instanceId, actorOf(technician));
    detail = await act(technicianDb, technician, { instanceId, expectedVersion: detail.version, action: 'take_in_charge' });
    expect(detail.actions).not.toContain('request_integration');
    expect(detail.actions).not.toContain('send_preavviso');
    await expect(
      act(technicianDb, technician, {
        instanceId,
        expectedVersion: detail.version,
        action: 'request_integration',
        reason: 'Manca la relazione tecnica asseverata',
      }),
    ).rejects.toMatchObject({ reason: 'integration_not_for_scia' });
    detail = await act(technicianDb, technician, {
      instanceId,
      expectedVersion: detail.version,
      action: 'request_conformation',
      reason: 'Parapetti di altezza inferiore a un metro',
      measures: 'Adeguare i parapetti alla norma UNI 10803',
      answerWithinDays: 30,
    });
    expect(detail).toMatchObject({ status: 'awaiting_conformation', clock: { status: 'interrupted', dueDate: null } });
    detail = await act(clerkDb, clerk, { instanceId, expectedVersion: detail.version, action: 'receive_conformation' });
    expect(detail.clock.status).toBe('running');
    expect(detail.clock.dueDate).not.toBeNull();
  });

  it('two people saving the same case: the second gets a conflict naming the other change, nothing is lost', async () => {
    const { instanceId } = await registerInstance(clerkDb, request('PDC'));
    const seen = await getCase(technicianDb, instanceId, actorOf(technician));
    await act(technicianDb, technician, {
      instanceId,
      expectedVersion: seen.version,
      action: 'add_note',
      text: 'Sopralluogo fissato per lunedì',
    });
    await expect(
      act(colleagueDb, colleague, { instanceId, expectedVersion: seen.version, action: 'add_note', text: 'Chiamato il progettista' }),
    ).rejects.toMatchObject({
      code: 'conflict',
      reason: 'case_changed',
      message: expect.stringContaining('Teresa Tecnica'),
    });
    const after = await getCase(colleagueDb, instanceId, actorOf(colleague));
    expect(after.history.filter((e) => e.action === 'add_note').map((e) => e.reason)).toEqual(['Sopralluogo fissato per lunedì']);
  });

  it('the database refuses a status change outside the workflow, or without a history entry, even through raw SQL', async () => {
    const { instanceId } = await registerInstance(clerkDb, request('PDC'));
    await expect(
      clerkDb('scrivania.instances').where({ id: instanceId }).update({ status: 'accepted', decided_at: new Date() }),
    ).rejects.toThrow(/not allowed/);
    await expect(
      technicianDb('scrivania.instances').where({ id: instanceId }).update({ status: 'in_progress', assignee_id: technician.id }),
    ).rejects.toThrow(/without a history entry/);
    await expect(technicianDb('scrivania.instance_events').where({ instance_id: instanceId }).delete()).rejects.toThrow();
    await expect(db.admin('scrivania.instance_events').where({ instance_id: instanceId }).update({ reason: 'riscritto' })).rejects.toThrow(
      /append-only/,
    );
  });

  it('a colleague’s change reaches every open workspace as a notification (LISTEN/NOTIFY)', async () => {
    const { instanceId } = await registerInstance(clerkDb, request('PDC'));
    const listener = new pg.Client({
      host: db.target.host,
      port: db.target.port,
      database: db.target.database,
      user: clerk.username,
      password: clerk.password,
    });
    await listener.connect();
    const received: string[] = [];
    listener.on('notification', (message) => received.push(message.payload ?? ''));
    await listener.query('LISTEN scrivania_instances');
    const seen = await getCase(technicianDb, instanceId, actorOf(technician));
    await act(technicianDb, technician, { instanceId, expectedVersion: seen.version, action: 'take_in_charge' });
    await expect
      .poll(() => received.map((payload) => JSON.parse(payload) as { ids?: number[] }).some((p) => p.ids?.includes(instanceId)), {
        timeout: 2000,
      })
      .toBe(true);
    await listener.end();
  });

  it('a letter without PEC or e-mail: the step stands and the history says it goes by post', async () => {
    const { instanceId } = await registerInstance(clerkDb, {
      ...request('PDC', null),
      applicant: {
        kind: 'person',
        codiceFiscale: buildCodiceFiscale({
          lastName: 'Gialli',
          firstName: 'Pio',
          birthDate: '1950-01-01',
          sex: 'M',
          birthPlaceCode: 'G478',
        }),
        lastName: 'Gialli',
        firstName: 'Pio',
      },
    });
    let detail = await getCase(technicianDb, instanceId, actorOf(technician));
    detail = await act(technicianDb, technician, { instanceId, expectedVersion: detail.version, action: 'take_in_charge' });
    detail = await act(technicianDb, technician, {
      instanceId,
      expectedVersion: detail.version,
      action: 'request_integration',
      reason: 'Manca la relazione tecnica asseverata',
    });
    expect(detail.history.at(-1)?.details).toMatchObject({ communication: 'by_post' });
  });
});
