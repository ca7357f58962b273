/**
 * Keyset paging state for the Infinite Row Model. The server hands back, with every block, the
 * cursor of the block that follows; remembering it under that block's start row lets the next
 * request seek instead of counting OFFSET rows. The total is counted on the first block only, so
 * it is kept for the later ones. Both are forgotten as soon as the query identity (scope, search,
 * sort, filters) changes, and a late answer for an old identity is ignored.
 */
export interface BlockAnswer {
  rowCount: number;
  total: number | null;
  /** The total is only "at least" (the server stops counting): the end of the list is not known. */
  totalIsLowerBound?: boolean;
  nextCursor: string | null;
}

export class KeysetCursors {
  private identity: string | null = null;
  private readonly cursors = new Map<number, string>();
  private total: number | null = null;

  /** Makes `identity` current; forgets everything if it differs from the last one. */
  sync(identity: string): void {
    if (identity === this.identity) return;
    this.identity = identity;
    this.reset();
  }

  /** Forgets cursors and total (e.g. before a refresh: rows may have moved). */
  reset(): void {
    this.cursors.clear();
    this.total = null;
  }

  get currentIdentity(): string | null {
    return this.identity;
  }

  get knownTotal(): number | null {
    return this.total;
  }

  get size(): number {
    return this.cursors.size;
  }

  /** The cursor to read the block starting at `startRow`, if the block before it was read. */
  cursorFor(startRow: number): string | null {
    return startRow > 0 ? (this.cursors.get(startRow) ?? null) : null;
  }

  /**
   * Records a block's answer and returns ag-grid's `lastRow`: the exact count when known (a short
   * block ends the list; otherwise the exact total from the first block), or -1 when still unknown
   * (no total yet, or only a lower bound: the grid then grows as the user scrolls).
   */
  record(identity: string, startRow: number, requested: number, answer: BlockAnswer): number {
    const current = identity === this.identity;
    if (current && answer.total !== null && !answer.totalIsLowerBound) this.total = answer.total;
    if (current && answer.nextCursor) this.cursors.set(startRow + answer.rowCount, answer.nextCursor);
    if (answer.rowCount < requested) return startRow + answer.rowCount;
    const total = answer.totalIsLowerBound ? null : (answer.total ?? (current ? this.total : null));
    return total ?? -1;
  }
}
