import { Box, type Key, Text } from "ink";
import { useMemo, useRef, useState } from "react";
import { errorLine } from "../../src/errors.js";
import { CellCache } from "../../src/preview/cell-cache.js";
import type { ExportFormat } from "../../src/query/export.js";
import type { QueryResult } from "../../src/query/index.js";
import { rowsLine, statsLine } from "../../src/query/render.js";
import { resultPreview } from "../../src/query/result-preview.js";
import { cell } from "../../src/render/cell.js";
import { useLake } from "../context.js";
import { useLoad } from "../hooks/use-preview.js";
import type { KeyBinding } from "../keys.js";
import { useScreenKeys } from "../screen-keys.js";
import type { ScreenProps } from "../screens/registry.js";
import { useRowsGrid } from "../screens/rows-grid.js";
import type { RowsAction } from "../screens/rows-keys.js";
import { Spinner } from "../widgets/spinner.js";
import { ToneLine } from "../widgets/tone-line.js";
import {
  editBindings,
  exportFileBindings,
  exportFormatBindings,
  orderedResultBindings,
  type QueryAction,
  resultBindings,
  runningBindings,
} from "./keys.js";
import * as editor from "./sql-editor.js";

/** Rows a query on this screen reads at most (the grid pages through them). */
const MAX_ROWS = 1_000;
/** Lines the SQL takes above the rows (while editing, as many as the screen allows). */
const SQL_LINES_WITH_ROWS = 3;

type Run =
  | { phase: "editing" }
  | { phase: "running"; status: string }
  | { phase: "done"; sql: string; result: QueryResult }
  | { phase: "failed"; error: string };

/** `e` on the rows: the format asked, then the file's name, then the writing. */
type Export =
  | { step: "format" }
  | { step: "file"; format: ExportFormat; name: string }
  | { step: "writing"; file: string };

/** While the file is written: no keys (a module-level table: the shell redraws the footer when it changes). */
const writingBindings: KeyBinding<QueryAction>[] = [];

const EXTENSION: Record<ExportFormat, string> = { csv: "csv", jsonl: "jsonl", parquet: "parquet" };

/** The SQL the screen opens with: `params.sql`, else the browsed table and partition's, else the last query. */
function useStartingSql(params: ScreenProps["params"]) {
  const { source } = useLake();
  return useLoad(async () => {
    const [lake, query, settings] = await Promise.all([
      source.lake?.(),
      import("../../src/query/index.js"),
      import("../../src/config/settings.js").then((s) => s.openSettings()).catch(() => undefined),
    ]);
    const history = (() => {
      try {
        return settings?.read().queryHistory ?? [];
      } catch {
        return [];
      }
    })();
    const sql =
      params.sql ?? (params.path && lake ? query.prefillSql(lake, params.path) : (history[0] ?? "select "));
    return { sql, history, remember: (q: string) => settings?.rememberQuery(q) };
  }, [source, params.sql, params.path]);
}

/**
 * `Q` on a table or partition, `:query`: the SQL prefilled with the browsed table and partition, edited
 * with a cursor over several lines, run on the lake's engine (Ctrl-R; Esc stops it); the rows in the
 * preview's grid (record view, sort, filter) with what the query read and cost under them; `e` writes
 * them to a CSV, JSON lines or Parquet file. ↑/↓ past the first or last line recall earlier queries.
 */
export function QueryScreen({ params, width, height, nav }: ScreenProps) {
  const { source } = useLake();
  const start = useStartingSql(params);
  const [edited, setEdited] = useState<editor.SqlText | undefined>(undefined);
  const [recalled, setRecalled] = useState(-1);
  const [run, setRun] = useState<Run>({ phase: "editing" });
  const [exporting, setExporting] = useState<Export | undefined>();
  const controller = useRef<AbortController | undefined>(undefined);
  const sql = edited ?? editor.atEnd(start.status === "done" ? start.value.sql : "");
  // Queries run here first, newest first, then those the settings file kept.
  const [ran, setRan] = useState<string[]>([]);
  const stored = start.status === "done" ? start.value.history : [];
  const history = [...ran, ...stored.filter((q) => !ran.includes(q))];

  const editing = run.phase === "editing" || run.phase === "failed";
  const result = run.phase === "done" ? run.result : undefined;
  const cache = useMemo(() => (result ? new CellCache(resultPreview(result)) : undefined), [result]);
  const sqlLines = editor.editorLines(
    sql,
    width - 5,
    editing ? Math.max(1, height - 4) : Math.min(SQL_LINES_WITH_ROWS, Math.max(1, height - 8)),
  );
  // Title, SQL, then the grid, its position line, the rows line and the stats line.
  const gridHeight = Math.max(2, height - 1 - sqlLines.length - 3);
  const grid = useRowsGrid({
    cache,
    columns: cache?.preview.columns ?? [],
    width,
    height: gridHeight,
    active: run.phase === "done",
    nav,
    onProfile: (column) => {
      if (run.phase !== "done") return;
      // Athena's rows are profiled where they were computed, the column typed as Athena gave it.
      const type = run.result.columns.find((c) => c.name === column)?.type;
      nav.open("profile", {
        sql: run.sql,
        column,
        engine: run.result.stats.engine,
        ...(type ? { columnType: type } : {}),
      });
    },
  });

  const execute = () => {
    const text = sql.text.trim();
    if (text === "" || run.phase === "running") return;
    const abort = new AbortController();
    controller.current = abort;
    setRun({ phase: "running", status: "starting…" });
    (async () => {
      const [lake, query] = await Promise.all([source.lake?.(), import("../../src/query/index.js")]);
      if (!lake) throw new Error("not yet: queries need an opened lake (this app has none)");
      const result = await query.runQuery(lake, text, lake.config.engine, {
        maxRows: MAX_ROWS,
        signal: abort.signal,
        onProgress: (status) => setRun({ phase: "running", status }),
      });
      if (start.status === "done") start.value.remember(text);
      setRan((r) => [text, ...r.filter((q) => q !== text)]);
      setRecalled(-1);
      return result;
    })().then(
      (result) => setRun({ phase: "done", sql: text, result }),
      (err) => setRun({ phase: "failed", error: errorLine(err) }),
    );
  };

  const exportTo = (format: ExportFormat, file: string) => {
    if (run.phase !== "done") return;
    setExporting({ step: "writing", file });
    (async () => {
      const [lake, { exportResult, exportLine }] = await Promise.all([
        source.lake?.(),
        import("../../src/query/export.js"),
      ]);
      if (!lake) throw new Error("not yet: exports need an opened lake (this app has none)");
      return exportLine(await exportResult(lake, run.sql, run.result, file, format));
    })().then(
      (line) => {
        setExporting(undefined);
        nav.notify(line);
      },
      (err) => {
        setExporting(undefined);
        nav.notify(`cannot export: ${errorLine(err)}`, "error");
      },
    );
  };

  const recall = (by: 1 | -1) => {
    const next = Math.max(-1, Math.min(history.length - 1, recalled + by));
    setRecalled(next);
    setEdited(next < 0 ? undefined : editor.atEnd(history[next] ?? ""));
  };

  const onAction = (action: QueryAction) => {
    if (exporting) return onExport(action);
    switch (action) {
      case "run":
        return execute();
      case "newline":
        return setEdited(editor.insert(sql, "\n"));
      case "clear":
        return setEdited(editor.atEnd(""));
      case "older": {
        const moved = editor.verticalMove(sql, -1);
        return moved ? setEdited(moved) : recall(1);
      }
      case "newer": {
        const moved = editor.verticalMove(sql, 1);
        return moved ? setEdited(moved) : recall(-1);
      }
      case "cursorLeft":
        return setEdited(editor.left(sql));
      case "cursorRight":
        return setEdited(editor.right(sql));
      case "lineStart":
        return setEdited(editor.home(sql));
      case "lineEnd":
        return setEdited(editor.end(sql));
      case "erase":
        return setEdited(editor.erase(sql));
      case "eraseForward":
        return setEdited(editor.eraseForward(sql));
      case "stop":
        return controller.current?.abort(new Error("stopped"));
      case "leave":
        return nav.back();
      case "edit":
        return setRun({ phase: "editing" });
      case "export":
        return setExporting({ step: "format" });
      case "back":
        // On the rows, Backspace goes back to the query, as Esc does; in a record, back to the rows.
        if (grid.modal) return grid.onAction(action);
        return setRun({ phase: "editing" });
      default:
        if (run.phase === "done") grid.onAction(action as RowsAction);
    }
  };

  const onExport = (action: QueryAction) => {
    const formats: Partial<Record<QueryAction, ExportFormat>> = {
      exportCsv: "csv",
      exportJsonl: "jsonl",
      exportParquet: "parquet",
    };
    const format = formats[action];
    if (action === "exportCancel") return setExporting(undefined);
    if (format && exporting?.step === "format") {
      return setExporting({ step: "file", format, name: `query-result.${EXTENSION[format]}` });
    }
    if (action === "exportWrite" && exporting?.step === "file") exportTo(exporting.format, exporting.name);
  };

  // Printable keys go into the SQL at the cursor (or the export's file name); the rest are bindings.
  const onText = (input: string, key: Key, name: string): boolean => {
    if (exporting?.step === "file") {
      if (name === "backspace") {
        setExporting({ ...exporting, name: exporting.name.slice(0, -1) });
        return true;
      }
      if (key.ctrl || key.meta || input === "" || (name.length > 1 && name !== input)) return false;
      setExporting({ ...exporting, name: exporting.name + input });
      return true;
    }
    if (!editing || key.ctrl || key.meta || input === "" || (name.length > 1 && name !== input)) return false;
    setEdited(editor.insert(sql, input));
    return true;
  };
  const bindings =
    exporting?.step === "format"
      ? exportFormatBindings
      : exporting?.step === "file"
        ? exportFileBindings
        : exporting
          ? writingBindings
          : run.phase === "running"
            ? runningBindings
            : run.phase === "done"
              ? (grid.modal ?? (grid.ordered ? orderedResultBindings : resultBindings))
              : editBindings;
  const textHandler =
    exporting?.step === "file" ? onText : exporting ? undefined : editing ? onText : grid.onText;
  useScreenKeys(bindings, onAction, textHandler, start.status !== "loading");

  const exportLine =
    exporting?.step === "format"
      ? "export the rows as: c CSV · j JSON lines · p Parquet"
      : exporting?.step === "file"
        ? `write ${exporting.format === "jsonl" ? "JSON lines" : exporting.format === "csv" ? "CSV" : "Parquet"} to: ${exporting.name}▏`
        : undefined;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold wrap="truncate-end">
        Query{params.path ? ` · ${params.path}` : ""}
      </Text>
      {sqlLines.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the SQL's lines, redrawn whole
        <Text key={i} wrap="truncate-end">
          {i === 0 ? "SQL> " : "   > "}
          {editing ? line : line.replace("▏", "")}
        </Text>
      ))}
      {start.status === "error" ? <ToneLine line={[cell(start.error, "error")]} /> : null}
      {run.phase === "running" ? <Spinner label={run.status} /> : null}
      {run.phase === "failed" ? <ToneLine line={[cell(run.error, "error")]} /> : null}
      {run.phase === "done" ? (
        <>
          <Box height={gridHeight} flexDirection="column">
            {grid.pane}
          </Box>
          <Text wrap="truncate-end">{exportLine ?? (grid.position || " ")}</Text>
          {exporting?.step === "writing" ? (
            <Spinner label={`writing ${exporting.file}…`} />
          ) : (
            <Text wrap="truncate-end">{rowsLine(run.result)}</Text>
          )}
          <ToneLine line={statsLine(run.result.stats)} />
        </>
      ) : null}
    </Box>
  );
}
