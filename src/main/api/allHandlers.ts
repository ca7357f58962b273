import { archiveHandlers } from '../archive/handlers';
import { certificatesHandlers } from '../certificates/handlers';
import { cduHandlers } from '../certificates/cdu/handlers';
import { documentsHandlers } from '../documents/handlers';
import { caseHandlers } from '../instances/caseHandlers';
import { instancesHandlers } from '../instances/handlers';
import { intakeHandlers } from '../intake/handlers';
import { messagesHandlers } from '../mail/handlers';
import { peopleHandlers } from '../people/handlers';
import { protocolHandlers } from '../protocol/handlers';
import { titolarioHandlers } from '../protocol/titolarioHandlers';
import { sessionHandlers } from '../session/handlers';
import { staffHandlers } from '../staff/handlers';
import { workloadHandlers } from '../workload/handlers';
import { defineHandlers } from './handlers';

/** Every capability's handlers, joined once; fails at start on a duplicate or a missing channel. */
export const allHandlers = defineHandlers(sessionHandlers, instancesHandlers, caseHandlers, titolarioHandlers, staffHandlers, documentsHandlers, messagesHandlers, intakeHandlers, peopleHandlers, protocolHandlers, workloadHandlers, archiveHandlers, certificatesHandlers, cduHandlers);
