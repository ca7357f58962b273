import type { Knex } from 'knex';
import { todayInRome } from '../../shared/domain/calendar';
import type { CaseEvent } from '../../shared/api/cases';
import { clockOfCase, type ClockCaseRow } from '../instances/caseClock';

/** Decided building and SUAP cases (where the procedure allows it) with a request for documents. */
const INTEGRATION_PERCENT = 25;
/** Decided building and SUAP SCIAs with a conformation request. */
const SCIA_CONFORMATION_PERCENT = 18;
/** The applicant's time to conform a SCIA: at least 30 days (art. 19 c.3 L. 241/1990). */
const CONFORMATION_ANSWER_DAYS = 30;

export interface CaseHistoryContext {
  enteId: number;
  registerId: number;
  /** The protocol clerk who registered what came in. */
  registrarId: number;
}

/**
 * Gives the demo's generated cases the paper trail real ones have: the registration in the
 * protocol register (with the numbers the cases already carry), a fascicolo each, and a history
 * that matches each case's status (registration, taking in charge, integration requests,
 * preavviso before rejections, decision, closure, withdrawal), dated between receipt and today.
 *
 * Historical registrations keep their original numbers and dates, which the register's own
 * triggers would (rightly) refuse: so this runs with triggers off (`session_replication_role`,
 * superuser only), as a data import does, and sets the counters to where the numbering stands.
 */
export async function loadCaseHistories(trx: Knex.Transaction, context: CaseHistoryContext): Promise<{ entries: number; events: number }> {
  const params = { ente: context.enteId, register: context.registerId, registrar: context.registrarId };
  await trx.raw('SET LOCAL session_replication_role = replica');

  await trx.raw(
    `CREATE TEMPORARY TABLE demo_fascicoli ON COMMIT DROP AS
       SELECT i.id AS instance_id, p.classification_id, i.protocol_year AS year, c.code,
              row_number() OVER (PARTITION BY p.classification_id, i.protocol_year ORDER BY i.received_at, i.id)::integer AS number,
              i.subject, i.office_id, i.assignee_id,
              (i.received_at AT TIME ZONE 'Europe/Rome')::date AS opened_on,
              (i.closed_at AT TIME ZONE 'Europe/Rome')::date AS closed_on
         FROM scrivania.instances i
         JOIN scrivania.procedure_types p ON p.id = i.procedure_type_id
         JOIN scrivania.classifications c ON c.id = p.classification_id
        WHERE i.ente_id = :ente AND i.fascicolo_id IS NULL`,
    params,
  );
  await trx.raw(
    `INSERT INTO scrivania.fascicoli (ente_id, classification_id, year, number, identifier, subject, owning_office_id, rup_staff_id, opened_on, closed_on)
     SELECT :ente, classification_id, year, number, year || '-' || code || '-' || lpad(number::text, 6, '0'), subject, office_id, assignee_id, opened_on, closed_on
       FROM demo_fascicoli`,
    params,
  );
  await trx.raw(
    `UPDATE scrivania.instances i SET fascicolo_id = f.id, classification_id = d.classification_id
       FROM demo_fascicoli d
       JOIN scrivania.fascicoli f ON f.ente_id = :ente AND f.classification_id = d.classification_id AND f.year = d.year AND f.number = d.number
      WHERE i.id = d.instance_id`,
    params,
  );
  await trx.raw(
    `INSERT INTO scrivania.fascicolo_counters (ente_id, classification_id, year, last_number)
     SELECT ente_id, classification_id, year, max(number) FROM scrivania.fascicoli WHERE ente_id = :ente GROUP BY 1, 2, 3
     ON CONFLICT (ente_id, classification_id, year) DO UPDATE SET last_number = EXCLUDED.last_number`,
    params,
  );

  const entries = await trx.raw<{ rowCount: number }>(
    `INSERT INTO scrivania.protocol_entries (ente_id, register_id, year, number, registered_at, direction, channel,
        correspondent_name, correspondent_tax_code, correspondent_address, person_id, business_id, subject, received_at,
        classification_id, fascicolo_id, office_id, instance_id, segnatura, registered_by, registered_login, registered_xid)
     SELECT i.ente_id, i.protocol_register_id, i.protocol_year, i.protocol_number,
            i.received_at + interval '7 minutes', 'incoming', i.channel,
            i.applicant_name, i.applicant_tax_code, coalesce(pe.pec, pe.email, b.pec, b.email, pe.address, b.address),
            i.applicant_person_id, i.applicant_business_id, i.subject, i.received_at,
            i.classification_id, i.fascicolo_id, i.office_id, i.id,
            e.ipa_code || '|' || r.aoo_code || '|' || to_char(i.received_at AT TIME ZONE 'Europe/Rome', 'YYYY-MM-DD') || '|' || lpad(i.protocol_number::text, 7, '0'),
            s.id, s.username, txid_current()
       FROM scrivania.instances i
       JOIN scrivania.enti e ON e.id = i.ente_id
       JOIN scrivania.protocol_registers r ON r.id = i.protocol_register_id
       JOIN scrivania.staff s ON s.id = :registrar
       LEFT JOIN scrivania.persons pe ON pe.id = i.applicant_person_id
       LEFT JOIN scrivania.businesses b ON b.id = i.applicant_business_id
      WHERE i.ente_id = :ente
        AND NOT EXISTS (SELECT 1 FROM scrivania.protocol_entries x WHERE x.instance_id = i.id)`,
    params,
  );
  await trx.raw(
    `INSERT INTO scrivania.protocol_counters (register_id, year, last_number)
     SELECT register_id, year, max(number) FROM scrivania.protocol_entries WHERE register_id = :register GROUP BY 1, 2
     ON CONFLICT (register_id, year) DO UPDATE SET last_number = EXCLUDED.last_number`,
    params,
  );

  // Each step at a plausible moment: taken in charge a day or three after receipt, later steps
  // spread before the decision or today; an id-derived offset keeps the demo reproducible.
  // Decided building and SUAP cases include, as real ones do, a request for documents and their
  // arrival (art. 2 c.7 L. 241/1990: once, under 30 days, early in the term, where the procedure
  // allows a suspension) or, for a SCIA, a conformation request and the answer (art. 19 c.3).
  const events = await trx.raw<{ rowCount: number }>(
    `WITH cases AS (
       SELECT i.*, s.username AS assignee_login, p.clock_rule, p.suspension_allowed,
              least(coalesce(i.decided_at, i.closed_at, now()), now()) AS until,
              (i.id % 3 + 1) AS take_days,
              o.code IN ('SUE', 'SUAP') AND i.decided_at IS NOT NULL AND i.assignee_id IS NOT NULL
                AND i.decided_at - i.received_at >= interval '10 days' AS may_pause,
              abs(hashint8(i.id)) % 100 AS draw
         FROM scrivania.instances i
         JOIN scrivania.procedure_types p ON p.id = i.procedure_type_id
         JOIN scrivania.offices o ON o.id = i.office_id
         LEFT JOIN scrivania.staff s ON s.id = i.assignee_id
        WHERE i.ente_id = :ente AND NOT EXISTS (SELECT 1 FROM scrivania.instance_events x WHERE x.instance_id = i.id)
     ), taken AS (
       SELECT c.*,
              least(c.received_at + c.take_days * interval '1 day', c.received_at + (c.until - c.received_at) * 0.2) AS taken_at,
              c.received_at + (c.until - c.received_at) * 0.55 AS middle_at,
              CASE WHEN c.may_pause AND c.clock_rule = 'scia' AND c.draw < :sciaConformationPercent THEN 'conformation'
                   WHEN c.may_pause AND c.clock_rule <> 'scia' AND c.suspension_allowed AND c.draw < :integrationPercent THEN 'integration'
              END AS pause
         FROM cases c
     ), timeline AS (
       -- The pause ends before the middle of the case (the preavviso), never later than 25 days.
       SELECT t.*, t.pause_at + least((t.until - t.taken_at) * 0.25, interval '25 days') AS resume_at
         FROM (SELECT taken.*, least(taken_at + (until - taken_at) * 0.15, received_at + interval '20 days') AS pause_at FROM taken) t
     ), steps AS (
       SELECT id, ente_id, received_at + interval '7 minutes' AS at, 'register' AS action, NULL AS from_status, 'received' AS to_status,
              :registrar::integer AS actor, NULL AS reason, '{}'::jsonb AS details, 1 AS ord
         FROM timeline
       UNION ALL
       SELECT id, ente_id, taken_at, 'take_in_charge', 'received', 'in_progress', assignee_id, NULL, '{}', 2
         FROM timeline WHERE status <> 'received' AND assignee_id IS NOT NULL AND NOT (status = 'withdrawn' AND closed_at < taken_at)
       UNION ALL
       SELECT id, ente_id, pause_at, 'request_integration', 'in_progress', 'suspended', assignee_id,
              'Si richiede la trasmissione degli elaborati grafici aggiornati e della relazione tecnica asseverata.', '{}', 3
         FROM timeline WHERE pause = 'integration'
       UNION ALL
       SELECT id, ente_id, resume_at, 'receive_integration', 'suspended', 'in_progress', :registrar::integer,
              'Integrazione documentale pervenuta.', '{}', 4
         FROM timeline WHERE pause = 'integration'
       UNION ALL
       SELECT id, ente_id, pause_at, 'request_conformation', 'in_progress', 'awaiting_conformation', assignee_id,
              'Si richiede di conformare l''attività alla normativa vigente, presentando le modifiche indicate.',
              jsonb_build_object('answerWithinDays', :conformationAnswerDays::integer), 3
         FROM timeline WHERE pause = 'conformation'
       UNION ALL
       SELECT id, ente_id, resume_at, 'receive_conformation', 'awaiting_conformation', 'in_progress', :registrar::integer,
              'Documentazione di conformazione pervenuta.', '{}', 4
         FROM timeline WHERE pause = 'conformation'
       UNION ALL
       SELECT id, ente_id, middle_at, 'request_integration', 'in_progress', 'suspended', assignee_id,
              'Si richiede la trasmissione della documentazione mancante indicata nella comunicazione.', '{}', 5
         FROM timeline WHERE status = 'suspended' AND assignee_id IS NOT NULL
       UNION ALL
       -- Art. 10-bis: a rejection is preceded by the preavviso, except for a SCIA (a prohibition).
       SELECT id, ente_id, middle_at, 'send_preavviso', 'in_progress', 'awaiting_observations', assignee_id,
              'L''istanza non risulta conforme ai requisiti previsti dalla normativa di settore.', '{}', 5
         FROM timeline WHERE status = 'rejected' AND clock_rule <> 'scia' AND assignee_id IS NOT NULL
       UNION ALL
       SELECT id, ente_id, decided_at, 'decide',
              CASE WHEN status = 'rejected' AND clock_rule <> 'scia' THEN 'awaiting_observations' ELSE 'in_progress' END, status,
              assignee_id,
              CASE WHEN status = 'rejected' AND clock_rule = 'scia' THEN 'Divieto di prosecuzione dell''attività: requisiti non sussistenti.'
                   WHEN status = 'rejected' THEN 'Motivi ostativi non superati dalle osservazioni.'
                   ELSE 'Istruttoria favorevole.' END,
              '{}', 6
         FROM timeline WHERE decided_at IS NOT NULL AND assignee_id IS NOT NULL
       UNION ALL
       SELECT id, ente_id, closed_at + interval '1 second', 'close', status, status, assignee_id, NULL, '{}', 7
         FROM timeline WHERE decided_at IS NOT NULL AND closed_at IS NOT NULL AND assignee_id IS NOT NULL
       UNION ALL
       SELECT id, ente_id, closed_at, 'withdraw', CASE WHEN assignee_id IS NULL THEN 'received' ELSE 'in_progress' END, 'withdrawn', :registrar::integer,
              'Rinuncia presentata dal richiedente.', '{}', 7
         FROM timeline WHERE status = 'withdrawn'
     )
     INSERT INTO scrivania.instance_events (ente_id, instance_id, occurred_at, effective_on, action, from_status, to_status,
        actor_staff_id, actor_login, reason, details, xid)
     SELECT st.ente_id, st.id, st.at, (st.at AT TIME ZONE 'Europe/Rome')::date, st.action, st.from_status, st.to_status,
            st.actor, coalesce(s.username, 'portale'), st.reason, st.details, txid_current()
       FROM steps st LEFT JOIN scrivania.staff s ON s.id = coalesce(st.actor, :registrar)
      ORDER BY st.id, st.ord`,
    {
      ...params,
      integrationPercent: INTEGRATION_PERCENT,
      sciaConformationPercent: SCIA_CONFORMATION_PERCENT,
      conformationAnswerDays: CONFORMATION_ANSWER_DAYS,
    },
  );

  await recomputeClocks(trx, context.enteId);
  await trx.raw('SET LOCAL session_replication_role = origin');
  return { entries: entries.rowCount, events: events.rowCount };
}

interface ClockInputRow extends ClockCaseRow {
  id: string;
  due_date: string;
}

/**
 * The cases get the clock their history gives, as the workflow keeps it on each case at every
 * step: due date (a pause moves it), tacit approval day (silenzio-assenso procedures), clock state.
 * That is the open cases, and the closed ones whose term a pause moved. Read, computed and written
 * back in three statements.
 */
async function recomputeClocks(trx: Knex.Transaction, enteId: number): Promise<void> {
  const cases = (
    await trx.raw<{ rows: ClockInputRow[] }>(
      `SELECT i.id, i.received_at, i.due_date, i.tacit_approval_excluded, p.legal_term_days, p.clock_rule, p.suspension_allowed,
              p.integration_regime, e.patron_day
         FROM scrivania.instances i
         JOIN scrivania.procedure_types p ON p.id = i.procedure_type_id
         JOIN scrivania.enti e ON e.id = i.ente_id
        WHERE i.ente_id = ? AND (i.closed_at IS NULL OR EXISTS (
                SELECT 1 FROM scrivania.instance_events x
                 WHERE x.instance_id = i.id AND x.action IN ('request_integration', 'send_preavviso', 'request_conformation')))
        ORDER BY i.id`,
      [enteId],
    )
  ).rows;
  const ids = cases.map((row) => row.id);
  const events = (
    await trx.raw<{ rows: Array<{ instance_id: string } & Pick<CaseEvent, 'action' | 'effectiveOn' | 'details'>> }>(
      `SELECT instance_id, effective_on AS "effectiveOn", action, details
         FROM scrivania.instance_events WHERE instance_id = ANY(?::bigint[]) ORDER BY instance_id, id`,
      [ids],
    )
  ).rows;
  const historyOf = new Map<string, Array<Pick<CaseEvent, 'action' | 'effectiveOn' | 'details'>>>();
  for (const event of events) {
    const history = historyOf.get(event.instance_id) ?? [];
    history.push(event);
    historyOf.set(event.instance_id, history);
  }
  const today = todayInRome();
  const clocks = cases.map((row) => {
    const clock = clockOfCase(row, historyOf.get(row.id) ?? [], today);
    return { id: row.id, due_date: clock.dueDate ?? row.due_date, tacit_approval_on: clock.tacitApprovalOn, clock_state: clock.status };
  });
  await trx.raw(
    `UPDATE scrivania.instances i SET due_date = v.due_date, tacit_approval_on = v.tacit_approval_on, clock_state = v.clock_state
       FROM jsonb_to_recordset(?::jsonb) AS v (id bigint, due_date date, tacit_approval_on date, clock_state text)
      WHERE i.id = v.id`,
    [JSON.stringify(clocks)],
  );
}
