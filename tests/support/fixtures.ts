import type { Knex } from 'knex';
import { buildCodiceFiscale } from '../../src/shared/domain/codiceFiscale';
import { partitaIvaCheckDigit } from '../../src/shared/domain/partitaIva';
import { classifyProcedureTypes, installStandardTitolario } from '../../src/main/protocol/titolario';

export interface EnteFixture {
  enteId: number;
  name: string;
  registerId: number;
  offices: Record<'protocollo' | 'edilizia' | 'anagrafe', number>;
  procedures: Record<'permesso' | 'scia' | 'residenza', number>;
}

let enteCounter = 0;

/** A small, explicit ente for tests: three offices, one AOO, three procedure types. */
export async function createEnte(admin: Knex, name = 'Comune di Prova'): Promise<EnteFixture> {
  enteCounter += 1;
  const istat = String(100000 + Math.floor(Math.random() * 800000) + enteCounter).slice(0, 6);
  const piva = `0${istat}123`;
  const [ente] = await admin('scrivania.enti')
    .insert({
      istat_code: istat,
      name,
      codice_fiscale: piva + partitaIvaCheckDigit(piva),
      ipa_code: `c_t${istat}`,
      province: 'PG',
      address: 'Piazza del Municipio 1',
      patron_saint: 'San Prova',
      patron_day: '06-24',
    })
    .returning('id');
  const enteId = (ente as { id: number }).id;
  const [register] = await admin('scrivania.protocol_registers')
    .insert({ ente_id: enteId, aoo_code: 'AOO1', name: 'Protocollo generale' })
    .returning('id');
  const officeRows = await admin('scrivania.offices')
    .insert([
      { ente_id: enteId, code: 'PROTOCOLLO', name: 'Protocollo e URP' },
      { ente_id: enteId, code: 'EDILIZIA', name: 'Sportello unico edilizia' },
      { ente_id: enteId, code: 'ANAGRAFE', name: 'Servizi demografici' },
    ])
    .returning(['id', 'code']);
  const officeId = (code: string) => (officeRows as { id: number; code: string }[]).find((o) => o.code === code)!.id;
  const procedureRows = await admin('scrivania.procedure_types')
    .insert([
      {
        ente_id: enteId,
        office_id: officeId('EDILIZIA'),
        code: 'PDC',
        name: 'Permesso di costruire',
        category: 'edilizia',
        legal_term_days: 60,
        clock_rule: 'silenzio_assenso',
        legal_reference: 'DPR 380/2001 art. 20',
      },
      {
        ente_id: enteId,
        office_id: officeId('EDILIZIA'),
        code: 'SCIA_EDILIZIA',
        name: 'SCIA edilizia',
        category: 'edilizia',
        legal_term_days: 30,
        clock_rule: 'scia',
        legal_reference: 'DPR 380/2001 art. 22',
      },
      {
        ente_id: enteId,
        office_id: officeId('ANAGRAFE'),
        code: 'RESIDENZA',
        name: 'Cambio di residenza',
        category: 'anagrafe',
        legal_term_days: 45,
        clock_rule: 'silenzio_assenso',
        legal_reference: 'DPR 223/1989 art. 18',
      },
    ])
    .returning(['id', 'code']);
  const procedureId = (code: string) => (procedureRows as { id: number; code: string }[]).find((p) => p.code === code)!.id;
  await installStandardTitolario(admin, enteId);
  await classifyProcedureTypes(admin, enteId);
  await admin('scrivania.protocol_registers')
    .where({ id: (register as { id: number }).id })
    .update({ protocol_office_id: officeId('PROTOCOLLO') });
  return {
    enteId,
    name,
    registerId: (register as { id: number }).id,
    offices: { protocollo: officeId('PROTOCOLLO'), edilizia: officeId('EDILIZIA'), anagrafe: officeId('ANAGRAFE') },
    procedures: { permesso: procedureId('PDC'), scia: procedureId('SCIA_EDILIZIA'), residenza: procedureId('RESIDENZA') },
  };
}

export async function createPerson(
  admin: Knex,
  enteId: number,
  person: { lastName: string; firstName: string; birthDate?: string; sex?: 'M' | 'F' },
): Promise<number> {
  const birthDate = person.birthDate ?? '1980-05-17';
  const sex = person.sex ?? 'M';
  const [row] = await admin('scrivania.persons')
    .insert({
      ente_id: enteId,
      codice_fiscale: buildCodiceFiscale({
        lastName: person.lastName,
        firstName: person.firstName,
        birthDate,
        sex,
        birthPlaceCode: 'H501',
      }),
      last_name: person.lastName,
      first_name: person.firstName,
      sex,
      birth_date: birthDate,
      birth_place: 'Roma',
    })
    .returning('id');
  return (row as { id: number }).id;
}

let protocolCounter = 0;

export interface InstanceFixture {
  officeId: number;
  procedureTypeId: number;
  personId: number;
  subject?: string;
  status?: string;
  receivedAt?: string;
  dueDate?: string;
  assigneeId?: number | null;
}

export async function createInstance(admin: Knex, ente: EnteFixture, instance: InstanceFixture): Promise<number> {
  protocolCounter += 1;
  const closed = ['accepted', 'rejected', 'withdrawn'].includes(instance.status ?? 'received');
  const [row] = await admin('scrivania.instances')
    .insert({
      ente_id: ente.enteId,
      office_id: instance.officeId,
      procedure_type_id: instance.procedureTypeId,
      applicant_person_id: instance.personId,
      subject: instance.subject ?? 'Richiesta di prova',
      channel: 'online',
      status: instance.status ?? 'received',
      protocol_register_id: ente.registerId,
      protocol_year: 2026,
      protocol_number: protocolCounter,
      received_at: instance.receivedAt ?? '2026-03-02T09:00:00+01:00',
      due_date: instance.dueDate ?? '2026-05-04',
      assignee_id: instance.assigneeId ?? null,
      closed_at: closed ? '2026-04-01T10:00:00+02:00' : null,
      decided_at: ['accepted', 'partially_accepted', 'rejected'].includes(instance.status ?? 'received')
        ? '2026-04-01T10:00:00+02:00'
        : null,
    })
    .returning('id');
  return (row as { id: number }).id;
}
