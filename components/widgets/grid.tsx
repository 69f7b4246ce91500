import { Box, Text } from "ink";
import { useLake } from "../context.js";
import { fitWidth } from "../render/text.js";

export interface GridColumn {
  title: string;
  width: number;
  align?: "left" | "right";
}

export interface GridCell {
  text: string;
  color?: string;
}

export interface GridRow {
  key: string;
  cells: (GridCell | string)[];
}

export interface GridProps {
  columns: GridColumn[];
  /** Only the rows on screen (the caller does the virtual scrolling). */
  rows: GridRow[];
  /** Index into `rows` of the highlighted row, if any. */
  selected?: number;
  /** Horizontal scroll: first scrollable column shown. */
  firstColumn?: number;
  /** Leading columns that never scroll away (e.g. the row number). */
  frozen?: number;
  width: number;
  /** Rows drawn in total; blank lines fill below the data so the footer stays put. */
  height?: number;
}

/** The columns that fit in `width`, frozen ones first, then from `firstColumn` on. */
export function visibleColumns(columns: GridColumn[], width: number, firstColumn = 0, frozen = 0): number[] {
  const shown: number[] = [];
  let used = 0;
  const take = (i: number) => {
    const w = (columns[i]?.width ?? 0) + (shown.length > 0 ? 1 : 0);
    if (used + w > width && shown.length > 0) return false;
    shown.push(i);
    used += w;
    return true;
  };
  for (let i = 0; i < Math.min(frozen, columns.length); i++) take(i);
  for (let i = Math.max(frozen, frozen + firstColumn); i < columns.length; i++) if (!take(i)) break;
  return shown;
}

/** A table drawn line by line; cells are cut to their column width, never wrapped. */
export function Grid({ columns, rows, selected, firstColumn = 0, frozen = 0, width, height }: GridProps) {
  const { theme } = useLake();
  const shown = visibleColumns(columns, width, firstColumn, frozen);
  const header = shown
    .map((i) => fitWidth(columns[i]?.title ?? "", columns[i]?.width ?? 0, columns[i]?.align))
    .join(" ");
  const blank = Math.max(0, (height ?? 0) - 1 - rows.length);
  return (
    <Box flexDirection="column" width={width}>
      <Text bold color={theme.muted} wrap="truncate-end">
        {header}
      </Text>
      {rows.map((row, r) => (
        <Text key={row.key} inverse={r === selected} wrap="truncate-end">
          {shown.map((i, n) => {
            const column = columns[i];
            const raw = row.cells[i] ?? "";
            const cell = typeof raw === "string" ? { text: raw } : raw;
            const text = fitWidth(cell.text, column?.width ?? 0, column?.align);
            return (
              <Text key={column?.title ?? i} color={cell.color}>
                {n > 0 ? ` ${text}` : text}
              </Text>
            );
          })}
        </Text>
      ))}
      {blank > 0 ? <Text>{"\n".repeat(blank - 1)}</Text> : null}
    </Box>
  );
}
