import type { HandlerMap } from '../api/handlers';
import type { Session } from '../session/session';
import { applyAssignments, proposeAssignments, readLoads, readMyLoad, takeInCharge } from './assignmentService';
import { dashboardCsv, dashboardPdf } from './dashboardExport';
import { readDashboard, readDrill, type DashboardReader } from './dashboardService';
import { digitisationFile, readDigitisation } from './digitisationService';
import { selectEnteIdentity } from './digitisationQueries';
import { chooseDefaultView, readViews, rememberView, removeView, saveView } from './viewsService';
import {
  addAbsence,
  readSetup,
  removeAbsence,
  setCapacity,
  setCompetences,
  setFullTimePoints,
  setOfficeRule,
  setWeight,
  setWholeEnte,
} from './setupService';

type WorkloadChannel = Extract<keyof HandlerMap, `workload/${string}`>;
type WorkloadHandlers = Pick<HandlerMap, WorkloadChannel>;

const actorOf = (session: Session) => ({ staffId: session.info.staffId, role: session.info.role });
const readerOf = (session: Session): DashboardReader => ({
  enteId: session.info.ente.id,
  staffId: session.info.staffId,
  role: session.info.role,
  officeIds: session.info.offices.map((office) => office.id),
});

export const workloadHandlers: WorkloadHandlers = {
  'workload/setup': async (_input, { session }) => readSetup(session.db, actorOf(session)),
  'workload/setFullTimePoints': async ({ fullTimePoints }, { session }) => setFullTimePoints(session.db, actorOf(session), fullTimePoints),
  'workload/setWeight': async ({ procedureTypeId, weight }, { session }) =>
    setWeight(session.db, actorOf(session), procedureTypeId, weight),
  'workload/setCapacity': async ({ staffId, capacityShare }, { session }) =>
    setCapacity(session.db, actorOf(session), staffId, capacityShare),
  'workload/setCompetences': async ({ staffId, procedureTypeIds }, { session }) =>
    setCompetences(session.db, actorOf(session), staffId, procedureTypeIds),
  'workload/addAbsence': async (absence, { session }) => addAbsence(session.db, actorOf(session), absence),
  'workload/removeAbsence': async ({ absenceId }, { session }) => removeAbsence(session.db, actorOf(session), absenceId),
  'workload/setOfficeRule': async ({ officeId, rule, byCompetence }, { session }) =>
    setOfficeRule(session.db, actorOf(session), officeId, rule, byCompetence),
  'workload/setWholeEnte': async ({ staffId, granted }, { session }) => setWholeEnte(session.db, actorOf(session), staffId, granted),
  'workload/loads': async ({ officeId }, { session }) =>
    readLoads(session.db, officeId === null ? readerOf(session).officeIds : [officeId]),
  'workload/myLoad': async (_input, { session }) => readMyLoad(session.db, session.info.staffId),
  'workload/plan': async (input, { session }) => proposeAssignments(session.db, input, actorOf(session)),
  'workload/assign': async (input, { session }) => applyAssignments(session.db, input, actorOf(session)),
  'workload/dashboard': async (query, { session }) => readDashboard(session.db, query, readerOf(session)),
  'workload/cases': async (input, { session }) => readDrill(session.db, input, readerOf(session)),
  'workload/export': async ({ query, format }, { session }) => {
    const dashboard = await readDashboard(session.db, query, readerOf(session));
    if (format === 'csv') return dashboardCsv(dashboard);
    const ente = await selectEnteIdentity(session.db);
    return dashboardPdf(
      dashboard,
      { name: ente.name, address: ente.address, codiceFiscale: ente.codice_fiscale, ipaCode: ente.ipa_code, pec: ente.pec },
      session.info.fullName,
    );
  },
  'workload/digitisation': async (period, { session }) => readDigitisation(session.db, period, readerOf(session)),
  'workload/digitisationExport': async ({ from, to, format }, { session }) =>
    digitisationFile(await readDigitisation(session.db, { from, to }, readerOf(session)), format),
  'workload/views': async ({ scope }, { session }) => readViews(session.db, scope),
  'workload/saveView': async (view, { session }) => saveView(session.db, view),
  'workload/defaultView': async ({ scope, id }, { session }) => chooseDefaultView(session.db, scope, id),
  'workload/deleteView': async ({ scope, id }, { session }) => removeView(session.db, scope, id),
  'workload/rememberView': async ({ scope, state, viewId }, { session }) => rememberView(session.db, scope, state, viewId),
  'workload/takeInCharge': async (input, { session }) => takeInCharge(session.db, input, actorOf(session)),
};
