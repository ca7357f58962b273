import type { HandlerMap } from '../api/handlers';
import { acceptAttribute } from './contentType';
import { addDocument, addVersion, listDocuments, readVersion } from './service';
import { caseAttachmentPolicy } from './settings';

type DocumentsHandlers = Pick<
  HandlerMap,
  'documents/list' | 'documents/add' | 'documents/addVersion' | 'documents/read' | 'documents/uploadPolicy'
>;

const fromBase64 = (text: string) => Buffer.from(text, 'base64');

export const documentsHandlers: DocumentsHandlers = {
  'documents/list': async ({ instanceId }, { session }) => listDocuments(session.db, instanceId),
  'documents/add': async ({ contentBase64, ...input }, { session }) =>
    session.db.transaction((trx) => addDocument(trx, { ...input, bytes: fromBase64(contentBase64) })),
  'documents/addVersion': async ({ documentId, filename, contentBase64, note }, { session }) =>
    session.db.transaction((trx) => addVersion(trx, documentId, { filename, note, bytes: fromBase64(contentBase64) })),
  'documents/read': async ({ versionId }, { session }) => {
    const { bytes, ...content } = await readVersion(session.db, versionId);
    return { ...content, contentBase64: bytes.toString('base64') };
  },
  'documents/uploadPolicy': async () => {
    const policy = caseAttachmentPolicy();
    return { maxFileBytes: policy.maxBytes, accept: acceptAttribute(policy) };
  },
};
