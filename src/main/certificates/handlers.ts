import type { HandlerMap } from '../api/handlers';
import {
  annulCertificate,
  certificatePdf,
  issueCertificate,
  listExemptions,
  listRegister,
  listTypes,
  quote,
  readCertificate,
  saveType,
  verifyCertificate,
} from './service';

type CertificatesHandlers = Pick<
  HandlerMap,
  | 'certificates/types/list'
  | 'certificates/types/save'
  | 'certificates/exemptions/list'
  | 'certificates/quote'
  | 'certificates/issue'
  | 'certificates/register/list'
  | 'certificates/get'
  | 'certificates/pdf'
  | 'certificates/annul'
  | 'certificates/verify'
>;

export const certificatesHandlers: CertificatesHandlers = {
  'certificates/types/list': async ({ includeInactive }, { session }) => listTypes(session.db, includeInactive),
  'certificates/types/save': async (input, { session }) => saveType(session.db, session.info.ente.id, input),
  'certificates/exemptions/list': async (_input, { session }) => listExemptions(session.db),
  'certificates/quote': async (input, { session }) => quote(session.db, input),
  'certificates/issue': async (input, { session }) =>
    issueCertificate(session.db, { role: session.info.role, fullName: session.info.fullName }, input),
  'certificates/register/list': async (query, { session }) => listRegister(session.db, query),
  'certificates/get': async ({ certificateId }, { session }) => readCertificate(session.db, certificateId),
  'certificates/pdf': async ({ certificateId, duplicate }, { session }) => certificatePdf(session.db, certificateId, duplicate),
  'certificates/annul': async (input, { session }) => annulCertificate(session.db, session.info.role, input),
  'certificates/verify': async ({ code }, { session }) => verifyCertificate(session.db, code),
};
