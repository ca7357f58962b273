/** How much of a quarantined file the clerk sees as text. */
export const QUARANTINE_PREVIEW_BYTES = 64 * 1024;

/**
 * The start of quarantined content as text: JSON and e-mail are text; anything else shows as the
 * replacement characters of its bytes, which is what the clerk needs to see (it is not text).
 */
export function quarantinePreview(content: Buffer | null): { contentPreview: string; contentTruncated: boolean } {
  if (!content) return { contentPreview: '', contentTruncated: false };
  const head = content.subarray(0, QUARANTINE_PREVIEW_BYTES);
  // eslint-disable-next-line no-control-regex -- control characters would garble the preview
  const text = head.toString('utf8').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '\uFFFD');
  return { contentPreview: text, contentTruncated: content.length > QUARANTINE_PREVIEW_BYTES };
}
