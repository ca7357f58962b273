import { z } from 'zod';
import type { WorklistSortColumn } from '../../shared/api/instances';

/**
 * The keyset cursor the worklist hands out: the sort it belongs to and the sort values and id of
 * the last row of a block. It is opaque to the renderer; a cursor for another sort is ignored.
 */
const CursorShape = z.object({
  c: z.string(),
  d: z.enum(['asc', 'desc']),
  v: z.array(z.union([z.string(), z.number()])).min(1).max(2),
  id: z.number().int().positive(),
});
export type WorklistCursor = z.infer<typeof CursorShape>;

export function encodeCursor(cursor: WorklistCursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

export function decodeCursor(text: string, column: WorklistSortColumn, direction: 'asc' | 'desc'): WorklistCursor | null {
  try {
    const parsed = CursorShape.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    if (!parsed.success || parsed.data.c !== column || parsed.data.d !== direction) return null;
    return parsed.data;
  } catch {
    return null;
  }
}
