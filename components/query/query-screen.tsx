import { Box, Text } from "ink";
import { useRef, useState } from "react";
import { errorLine } from "../../src/errors.js";
import { pageGrid } from "../../src/preview/render.js";
import type { QueryResult } from "../../src/query/index.js";
import { resultPage, rowsLine, statsLine } from "../../src/query/render.js";
import { cell } from "../../src/render/cell.js";
import { useLake } from "../context.js";
import { useLoad } from "../hooks/use-preview.js";
import { useScreenKeys } from "../screen-keys.js";
import type { ScreenDefinition, ScreenProps } from "../screens/registry.js";
import { Grid } from "../widgets/grid.js";
import { Spinner } from "../widgets/spinner.js";
import { ToneLine } from "../widgets/tone-line.js";
import { editBindings, type QueryAction, resultBindings, runningBindings } from "./keys.js";

/** Rows a query on this screen reads at most (the grid pages through them). */
const MAX_ROWS = 1_000;

type Run =
  | { phase: "editing" }
  | { phase: "running"; status: string }
  | { phase: "done"; result: QueryResult }
  | { phase: "failed"; error: string };

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
 * `Q` on a table or partition, `:query`: an SQL line prefilled with the browsed table and partition, run
 * on the lake's engine (Enter; Esc stops it), the rows in the preview's grid with what the query read
 * and cost under them; ↑/↓ recall earlier queries.
 */
export function QueryScreen({ params, width, height, nav }: ScreenProps) {
  const { source } = useLake();
  const start = useStartingSql(params);
  const [edited, setEdited] = useState<string | undefined>(undefined);
  const [recalled, setRecalled] = useState(-1);
  const [run, setRun] = useState<Run>({ phase: "editing" });
  const [cursor, setCursor] = useState(0);
  const [firstColumn, setFirstColumn] = useState(0);
  const controller = useRef<AbortController | undefined>(undefined);
  const sql = edited ?? (start.status === "done" ? start.value.sql : "");
  // Queries run here first, newest first, then those the settings file kept.
  const [ran, setRan] = useState<string[]>([]);
  const stored = start.status === "done" ? start.value.history : [];
  const history = [...ran, ...stored.filter((q) => !ran.includes(q))];

  const execute = () => {
    const text = sql.trim();
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
      (result) => {
        setCursor(0);
        setFirstColumn(0);
        setRun({ phase: "done", result });
      },
      (err) => setRun({ phase: "failed", error: errorLine(err) }),
    );
  };

  const rows = run.phase === "done" ? run.result.values.length : 0;
  const page = Math.max(1, height - 6);
  const onAction = (action: QueryAction) => {
    switch (action) {
      case "run":
        return execute();
      case "clear":
        return setEdited("");
      case "older":
      case "newer": {
        const next = Math.max(-1, Math.min(history.length - 1, recalled + (action === "older" ? 1 : -1)));
        setRecalled(next);
        return setEdited(next < 0 ? undefined : history[next]);
      }
      case "stop":
        return controller.current?.abort(new Error("stopped"));
      case "edit":
        return setRun({ phase: "editing" });
      case "back":
        return nav.back();
      case "down":
        return setCursor((c) => Math.min(rows - 1, c + 1));
      case "up":
        return setCursor((c) => Math.max(0, c - 1));
      case "pageDown":
        return setCursor((c) => Math.min(rows - 1, c + page));
      case "pageUp":
        return setCursor((c) => Math.max(0, c - page));
      case "right":
        return setFirstColumn((c) => c + 1);
      case "left":
        return setFirstColumn((c) => Math.max(0, c - 1));
    }
  };
  const editing = run.phase === "editing" || run.phase === "failed";
  const onText = (input: string, key: { ctrl: boolean; meta: boolean }, name: string): boolean => {
    if (!editing) return false;
    if (name === "backspace") {
      setEdited(sql.slice(0, -1));
      return true;
    }
    if (key.ctrl || key.meta || input === "" || (name.length > 1 && name !== input)) return false;
    setEdited(sql + input);
    return true;
  };
  const bindings =
    run.phase === "running" ? runningBindings : run.phase === "done" ? resultBindings : editBindings;
  useScreenKeys(bindings, onAction, onText, start.status !== "loading");

  const grid = run.phase === "done" ? pageGrid(resultPage(run.result)) : undefined;
  const top = Math.max(0, Math.min(cursor - Math.floor(page / 2), rows - page));
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold wrap="truncate-end">
        Query{params.path ? ` · ${params.path}` : ""}
      </Text>
      <Text wrap="truncate-start">
        {"SQL> "}
        {sql}
        {editing ? "▏" : ""}
      </Text>
      {start.status === "error" ? <ToneLine line={[cell(start.error, "error")]} /> : null}
      {run.phase === "running" ? <Spinner label={run.status} /> : null}
      {run.phase === "failed" ? <ToneLine line={[cell(run.error, "error")]} /> : null}
      {run.phase === "done" && grid ? (
        <>
          <Grid
            columns={grid.columns}
            rows={grid.rows.slice(top, top + page)}
            selected={cursor - top}
            frozen={1}
            firstColumn={firstColumn}
            width={width}
            height={page + 1}
          />
          <Text wrap="truncate-end">{rowsLine(run.result)}</Text>
          <ToneLine line={statsLine(run.result.stats)} />
        </>
      ) : null}
    </Box>
  );
}

export const queryScreen: ScreenDefinition = {
  id: "query",
  title: "Query",
  bindings: [...editBindings, ...runningBindings, ...resultBindings],
  component: QueryScreen,
  paletteParams: (argument) => (argument.includes(" ") ? { sql: argument } : { path: argument }),
};
