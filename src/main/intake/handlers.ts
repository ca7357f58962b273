import type { HandlerMap } from '../api/handlers';
import { maxDocumentBytes } from '../documents/settings';
import {
  intakeCounts,
  listArrivals,
  listProcedureChoices,
  listQuarantine,
  quarantineRowOf,
  findQuarantine,
  searchApplicants,
} from './queries';
import { quarantinePreview } from './quarantinePreview';
import { arrivalAttachmentContent, arrivalDetail, discardArrival, registerArrival, registerDesk, reviewQuarantineEntry } from './service';
import { AppError } from '../api/appError';
import { StagedUploads } from './stagedUploads';

type IntakeChannel =
  | 'intake/counts'
  | 'intake/arrivals'
  | 'intake/arrival'
  | 'intake/arrivalAttachment'
  | 'intake/registerArrival'
  | 'intake/discardArrival'
  | 'intake/quarantine'
  | 'intake/quarantineEntry'
  | 'intake/reviewQuarantine'
  | 'intake/procedures'
  | 'intake/findApplicants'
  | 'intake/stageUpload'
  | 'intake/registerDesk';

/** Desk scans in transit, per signed-in user (see StagedUploads). */
export const stagedUploads = new StagedUploads(() => maxDocumentBytes());

export const intakeHandlers: Pick<HandlerMap, IntakeChannel> = {
  'intake/counts': async (_input, { session }) => intakeCounts(session.db),
  'intake/arrivals': async ({ status }, { session }) => listArrivals(session.db, status),
  'intake/arrival': async ({ arrivalId }, { session }) => arrivalDetail(session.db, arrivalId),
  'intake/arrivalAttachment': async ({ attachmentId }, { session }) => arrivalAttachmentContent(session.db, attachmentId),
  'intake/registerArrival': async (input, { session }) => registerArrival(session.db, input),
  'intake/discardArrival': async ({ arrivalId, reason }, { session }) => discardArrival(session.db, arrivalId, reason),
  'intake/quarantine': async ({ view }, { session }) => listQuarantine(session.db, view),
  'intake/quarantineEntry': async ({ entryId }, { session }) => {
    const entry = await findQuarantine(session.db, entryId);
    if (!entry) throw new AppError('not_found', 'No such quarantine entry', 'quarantine_not_found');
    return { ...quarantineRowOf(entry), ...quarantinePreview(entry.content) };
  },
  'intake/reviewQuarantine': async (input, { session }) => reviewQuarantineEntry(session.db, input),
  'intake/procedures': async (_input, { session }) => listProcedureChoices(session.db),
  'intake/findApplicants': async ({ query }, { session }) => searchApplicants(session.db, query),
  'intake/stageUpload': async ({ uploadId, offset, base64 }, { session }) =>
    stagedUploads.append(session.info.username, uploadId, offset, Buffer.from(base64, 'base64')),
  'intake/registerDesk': async (input, { session }) => {
    const owner = session.info.username;
    const attachments = input.attachments.map((attachment) => ({
      filename: attachment.filename,
      title: attachment.title,
      kind: attachment.kind,
      bytes: stagedUploads.take(owner, attachment.uploadId, attachment.size),
    }));
    const outcome = await registerDesk(session.db, {
      procedureCode: input.procedureCode,
      applicant: input.applicant,
      subject: input.subject,
      attachments,
    });
    stagedUploads.release(input.attachments.map((attachment) => attachment.uploadId));
    return outcome;
  },
};
