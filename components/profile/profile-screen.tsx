import { Box, Text } from "ink";
import { useState } from "react";
import { MedallionError } from "../../src/errors.js";
import { cell } from "../../src/render/cell.js";
import { useLake } from "../context.js";
import { useLoad } from "../hooks/use-preview.js";
import { useScreenKeys } from "../screen-keys.js";
import type { ScreenProps } from "../screens/registry.js";
import { Spinner } from "../widgets/spinner.js";
import { ToneLine } from "../widgets/tone-line.js";
import { type ProfileAction, profileBindings } from "./keys.js";

/**
 * `a` on a table, partition or file: `medallion profile`'s figures and charts, computed by the lake's
 * engine (DuckDB over only that path's files, or Athena through its Glue table), scrolled with j/k.
 */
export function ProfileScreen({ params, width, height, nav }: ScreenProps) {
  const { source } = useLake();
  const path = params.path ?? (params.sql ? "query" : "");
  const column = params.column;
  const [status, setStatus] = useState("starting…");
  const profile = useLoad(
    async (signal) => {
      const [lake, profiling] = await Promise.all([source.lake?.(), import("../../src/profile/index.js")]);
      if (!lake)
        throw new MedallionError("not-yet", "not yet: profiling needs an opened lake (this app has none)");
      // Athena results are profiled on Athena (their column typed as Athena gave it); a lake path on the
      // lake's engine. Leaving the screen stops Athena's query.
      const engine =
        params.engine === "athena" || params.engine === "duckdb" ? params.engine : lake.config.engine;
      const options = {
        onProgress: setStatus,
        engine,
        signal,
        ...(column ? { columns: [column] } : {}),
        ...(column && params.columnType
          ? { resultColumns: [{ name: column, type: params.columnType }] }
          : {}),
      };
      // A column of a query's results: the query's rows; otherwise a lake path's files.
      const result = params.sql
        ? await profiling.profileQuery(lake, params.sql, options)
        : await profiling.profilePath(lake, path, options);
      return { profile: result, lines: (w: number) => profiling.profileLines(result, w) };
    },
    [source, path, column, params.sql, params.engine, params.columnType],
  );
  const [top, setTop] = useState(0);
  const lines = profile.status === "done" ? profile.value.lines(width) : [];
  const page = Math.max(1, height - 1);
  const last = Math.max(0, lines.length - page);
  const onAction = (action: ProfileAction) => {
    switch (action) {
      case "down":
        return setTop((t) => Math.min(last, t + 1));
      case "up":
        return setTop((t) => Math.max(0, t - 1));
      case "pageDown":
        return setTop((t) => Math.min(last, t + page));
      case "pageUp":
        return setTop((t) => Math.max(0, t - page));
      case "first":
        return setTop(0);
      case "last":
        return setTop(last);
      case "back":
        return nav.back();
    }
  };
  useScreenKeys(profileBindings, onAction);
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold wrap="truncate-end">
        Profile · {path}
        {column ? ` · ${column}` : ""}
      </Text>
      {profile.status === "loading" ? <Spinner label={`profiling ${path}: ${status}`} /> : null}
      {profile.status === "error" ? <ToneLine line={[cell(profile.error, "error")]} /> : null}
      {lines.slice(top, top + page).map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the lines are rebuilt whole on each scroll
        <ToneLine key={top + i} line={line} />
      ))}
    </Box>
  );
}
