import type { ApiResult } from '../../shared/api/errors';
import { UPLOAD_CHUNK_BYTES, type StagedUpload } from '../../shared/api/intake';
import { call } from '../api/client';
import { bytesToBase64 } from '../documents/documentFormat';

/**
 * Sends a file to the main process in chunks (`intake/stageUpload`), so that no call exceeds a
 * transport's body limit; the desk registration then names the upload. Stops at the first refusal.
 */
export async function stageFile(bytes: Uint8Array, onProgress?: (sent: number) => void): Promise<ApiResult<{ uploadId: string }>> {
  let uploadId: string | null = null;
  let offset = 0;
  do {
    const chunk = bytes.subarray(offset, offset + UPLOAD_CHUNK_BYTES);
    const result: ApiResult<StagedUpload> = await call('intake/stageUpload', { uploadId, offset, base64: bytesToBase64(chunk) });
    if (!result.ok) return result;
    uploadId = result.data.uploadId;
    offset = result.data.received;
    onProgress?.(offset);
  } while (offset < bytes.length);
  return { ok: true, data: { uploadId: uploadId! } };
}
