import { useEffect, useMemo } from 'react';

/** A blob: URL for content the user may download, released when the content changes or the component goes. */
export function useObjectUrl(content: BlobPart | null, type: string): string | null {
  const url = useMemo(() => (content === null ? null : URL.createObjectURL(new Blob([content], { type }))), [content, type]);
  useEffect(
    () => () => {
      if (url) URL.revokeObjectURL(url);
    },
    [url],
  );
  return url;
}
