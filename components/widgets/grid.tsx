import { Box, Text } from "ink";
import type { Cell, Column } from "../../src/render/cell.js";
import { shownColumns } from "../../src/render/table.js";
import { fitText } from "../../src/render/text.js";
import { useLake } from "../context.js";
import { toneColor } from "../theme.js";

/** A column of the render layer, laid out: its width in terminal columns. */
export interface GridColumn extends Column {
  width: number;
}

/** A cell of the render layer (text + tone); the Grid maps the tone to the theme's colour. */
export type GridCell = Cell;

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
  /** Index into `columns` of the column under the column cursor: its title is drawn inverse. */
  currentColumn?: number;
  width: number;
  /** Rows drawn in total; blank lines fill below the data so the footer stays put. */
  height?: number;
}

/** The columns that fit in `width`, frozen ones first, then from `firstColumn` on (one space between). */
export function visibleColumns(columns: GridColumn[], width: number, firstColumn = 0, frozen = 0): number[] {
  return shownColumns(
    columns.map((c) => c.width),
    width,
    { gap: 1, frozen, firstColumn },
  );
}

/** A table drawn line by line; cells are cut to their column width (at the end or middle), never wrapped. */
export function Grid({
  columns,
  rows,
  selected,
  firstColumn = 0,
  frozen = 0,
  currentColumn,
  width,
  height,
}: GridProps) {
  const { theme } = useLake();
  const shown = visibleColumns(columns, width, firstColumn, frozen);
  const title = (i: number) => fitText(columns[i]?.title ?? "", columns[i]?.width ?? 0, columns[i]?.align);
  const blank = Math.max(0, (height ?? 0) - 1 - rows.length);
  return (
    <Box flexDirection="column" width={width}>
      <Text bold color={theme.muted} wrap="truncate-end">
        {shown.map((i, n) => (
          <Text key={i}>
            {n > 0 ? " " : ""}
            <Text inverse={i === currentColumn}>{title(i)}</Text>
          </Text>
        ))}
      </Text>
      {rows.map((row, r) => (
        <Text key={row.key} inverse={r === selected} wrap="truncate-end">
          {shown.map((i, n) => {
            const column = columns[i];
            const raw = row.cells[i] ?? "";
            const cell = typeof raw === "string" ? { text: raw } : raw;
            const text = fitText(cell.text, column?.width ?? 0, column?.align, column?.cut);
            return (
              <Text key={column?.title ?? i} color={toneColor(theme, cell.tone)}>
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
