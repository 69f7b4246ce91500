import { Box, Text } from "ink";
import type { CellCache } from "../../src/preview/cell-cache.js";
import type { GridColumn } from "../../src/preview/grid.js";
import { useLake } from "../context.js";
import { useCellWindow } from "../hooks/use-preview.js";
import { type RecordLine, recordLines } from "../render/record-lines.js";

/** Lines below the screen whose columns are read ahead, so scrolling down rarely waits. */
const LOOKAHEAD_LINES = 10;

/**
 * One row as a record (Enter on a row in the grid). Reads only the columns whose lines are on screen
 * (and a few after), more as it scrolls; what the grid already read costs nothing.
 */
export function useRecord(
  cache: CellCache | undefined,
  row: number | undefined,
  columns: GridColumn[],
  scroll: number,
  width: number,
  height: number,
) {
  const held =
    row !== undefined && cache
      ? cache.window(
          row,
          1,
          columns.map((c) => c.name),
        )[0]
      : undefined;
  const { lines, starts } = recordLines(columns, held, width);
  const top = Math.max(0, Math.min(scroll, lines.length - height));
  const needed = columns.filter((_, i) => (starts[i] ?? 0) < top + height + LOOKAHEAD_LINES);
  const load = useCellWindow(cache, row ?? 0, 1, row === undefined ? [] : needed.map((c) => c.name));
  const onScreen = starts.filter((s) => s >= top && s < top + height).length;
  const first = starts.findIndex((s) => s >= top);
  return { lines, top, load, first, onScreen };
}

export function RecordView({ lines, top, height }: { lines: RecordLine[]; top: number; height: number }) {
  const { theme } = useLake();
  return (
    <Box flexDirection="column">
      {lines.slice(top, top + height).map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: lines of one record, redrawn whole
        <Text key={i} wrap="truncate-end">
          <Text bold color={theme.muted}>
            {line.name}
          </Text>
          {"  "}
          <Text color={line.tone === "muted" ? theme.muted : undefined}>{line.text}</Text>
        </Text>
      ))}
    </Box>
  );
}
