import type { Preview } from "./grid.js";

/** Rows read at a time: a cursor moving one row reads nothing new until it leaves its block. */
export const BLOCK_ROWS = 100;
/** Blocks kept at most (the oldest used goes first): 5,000 rows of the columns read. */
const MAX_BLOCKS = 50;

/** One row of a window: a cell is `undefined` while its column is not read yet, null for a null. */
export interface WindowRow {
  index: number;
  cells: (string | null | undefined)[];
  values: unknown[];
  /** A malformed text line: what and where. */
  note?: string;
}

interface Block {
  /** Rows held (fewer than BLOCK_ROWS at the end of the object). */
  count: number;
  /** True when rows exist after this block. */
  hasMore: boolean;
  columns: Map<string, { cells: (string | null)[]; values: unknown[] }>;
  notes: (string | undefined)[];
}

/**
 * What a screen has read of a preview, by block of rows and by column, so it reads only the columns
 * on screen and never the same cells twice. `load(offset, limit, columns)` reads what the window lacks
 * in one `rows()` call (one ranged read when the chunks lie side by side); loads run one at a time, so
 * the object's byte cache serves each next one, and a load whose window the screen has left is skipped.
 * Text formats (JSON lines, CSV) are read whole per block: their columns are known only once read.
 */
export class CellCache {
  private readonly blocks = new Map<number, Block>();
  private queue: Promise<unknown> = Promise.resolve();
  /** About the columns read (shown raw, …) and the rows (a truncated text head), from the reads so far. */
  readonly notes = new Set<string>();

  constructor(
    readonly preview: Preview,
    readonly blockRows = BLOCK_ROWS,
  ) {}

  /** Rows in the object if known: Parquet says in its footer; text once read to its end. */
  get totalRows(): number | undefined {
    if (this.preview.totalRows !== undefined) return this.preview.totalRows;
    for (const [b, block] of this.blocks) if (!block.hasMore) return b * this.blockRows + block.count;
    return undefined;
  }

  /** The last row read so far (0-based), or -1: where `G` lands while a text object's length is unknown. */
  get lastRowRead(): number {
    let last = -1;
    for (const [b, block] of this.blocks) last = Math.max(last, b * this.blockRows + block.count - 1);
    return last;
  }

  /** Row numbers of the rows held (some columns read), in file order: the "loaded rows" a sort or filter orders. */
  heldRows(): number[] {
    const rows: number[] = [];
    for (const b of [...this.blocks.keys()].sort((x, y) => x - y)) {
      const block = this.blocks.get(b) as Block;
      for (let r = 0; r < block.count; r++) rows.push(b * this.blockRows + r);
    }
    return rows;
  }

  /** Whether rows exist after row `index` (false when not known to). */
  hasRowAfter(index: number): boolean {
    const total = this.totalRows;
    if (total !== undefined) return index + 1 < total;
    const block = this.blocks.get(Math.floor((index + 1) / this.blockRows));
    if (block) return (index + 1) % this.blockRows < block.count;
    const current = this.blocks.get(Math.floor(index / this.blockRows));
    return current === undefined || current.hasMore;
  }

  /** The held part of rows `[offset, offset + limit)` for `columns`, in that order. */
  window(offset: number, limit: number, columns: string[]): WindowRow[] {
    const rows: WindowRow[] = [];
    const end = Math.min(offset + limit, this.totalRows ?? Number.POSITIVE_INFINITY);
    for (let index = offset; index < end; index++) {
      const block = this.blocks.get(Math.floor(index / this.blockRows));
      const r = index % this.blockRows;
      if (!block) {
        rows.push({ index, cells: columns.map(() => undefined), values: [] });
        continue;
      }
      if (r >= block.count) break;
      const held = columns.map((c) => block.columns.get(c));
      const note = block.notes[r];
      rows.push({
        index,
        cells: held.map((h) => (h ? h.cells[r] : undefined)),
        values: held.map((h) => (h ? h.values[r] : undefined)),
        ...(note ? { note } : {}),
      });
    }
    return rows;
  }

  /**
   * Reads what rows `[offset, offset + limit)` of `columns` lack, after the loads before it; skipped if
   * `signal` is aborted by then. Resolves when the window is held (or nothing more can be read).
   */
  load(offset: number, limit: number, columns: string[], signal?: AbortSignal): Promise<void> {
    const run = this.queue.then(() => (signal?.aborted ? undefined : this.fill(offset, limit, columns)));
    this.queue = run.catch(() => {});
    return run;
  }

  private async fill(offset: number, limit: number, columns: string[]): Promise<void> {
    const selective = this.preview.format === "parquet";
    const first = Math.floor(offset / this.blockRows);
    const total = this.totalRows;
    const lastRow = Math.max(offset, Math.min(offset + limit, total ?? Number.POSITIVE_INFINITY) - 1);
    let last = Math.floor(lastRow / this.blockRows);
    const missing = new Set<string>();
    let from: number | undefined;
    let to = first;
    for (let b = first; b <= last; b++) {
      const block = this.blocks.get(b);
      if (block) {
        this.blocks.delete(b); // most recently used last
        this.blocks.set(b, block);
        if (!block.hasMore) last = b; // nothing after it to read
      }
      const lacking = !block ? columns : selective ? columns.filter((c) => !block.columns.has(c)) : [];
      if (lacking.length === 0) continue;
      for (const c of lacking) missing.add(c);
      from ??= b;
      to = b;
    }
    if (from === undefined || (total !== undefined && from * this.blockRows >= total)) return;
    const wanted = selective ? columns.filter((c) => missing.has(c)) : undefined;
    const page = await this.preview.rows({
      offset: from * this.blockRows,
      limit: (to - from + 1) * this.blockRows,
      ...(wanted ? { columns: wanted } : {}),
    });
    for (const note of page.notes) this.notes.add(note);
    const names = page.columns.map((c) => c.name);
    for (let b = from; b <= to; b++) {
      const start = (b - from) * this.blockRows;
      const rows = page.rows.slice(start, start + this.blockRows);
      if (rows.length === 0 && b > from) break;
      const block = this.blocks.get(b) ?? {
        count: rows.length,
        hasMore: rows.length === this.blockRows && (page.hasMore || start + rows.length < page.rows.length),
        columns: new Map(),
        notes: rows.map((r) => r.note),
      };
      names.forEach((name, i) => {
        block.columns.set(name, {
          cells: rows.map((r) => r.cells[i] ?? null),
          values: rows.map((r) => r.values[i] ?? null),
        });
      });
      this.blocks.delete(b);
      this.blocks.set(b, block);
    }
    while (this.blocks.size > MAX_BLOCKS) {
      const oldest = this.blocks.keys().next().value;
      if (oldest === undefined) break;
      this.blocks.delete(oldest);
    }
  }
}
