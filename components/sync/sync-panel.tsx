import { Box, Text } from "ink";
import { fitText } from "../../src/render/text.js";
import type { SyncPlan, SyncProgress, SyncResult } from "../../src/sync/index.js";
import { planItems, progressText } from "../../src/sync/render.js";
// The report module alone: src/sync/index.js would load discovery and the catalog on start-up.
import { resultLines } from "../../src/sync/report.js";
import { useLake } from "../context.js";

/** The confirmation: what the sync will do, in one place, before one key applies it. */
export function ConfirmPanel({ plan, width, catalog }: { plan: SyncPlan; width: number; catalog: string }) {
  const { theme } = useLake();
  return (
    <Box flexDirection="column" width={width} borderStyle="round" paddingX={1}>
      <Text bold>Sync the {catalog} catalog?</Text>
      <Text wrap="truncate-end">{plan.table.path}:</Text>
      {planItems(plan, "x drops them").map((item) => (
        <Text key={item} wrap="truncate-end">
          {"  • "}
          {item}
        </Text>
      ))}
      <Text color={theme.muted}>
        {plan.drops.length > 0 ? "stale partitions will be dropped (x keeps them); " : ""}storage is never
        changed
      </Text>
      <Text>
        <Text bold color={theme.accent}>
          y
        </Text>{" "}
        apply · <Text bold>n</Text> cancel
      </Text>
    </Box>
  );
}

export function ProgressPanel({ progress, width }: { progress: SyncProgress | undefined; width: number }) {
  const { theme } = useLake();
  const barWidth = Math.max(10, Math.min(40, width - 40));
  return (
    <Box flexDirection="column" width={width} borderStyle="round" paddingX={1}>
      <Text bold>Syncing…</Text>
      <Text color={theme.accent}>{progress ? progressText(progress, barWidth) : "starting"}</Text>
    </Box>
  );
}

/** What the sync did, and every failure (as many as fit), each with its partition and reason. */
export function ResultPanel({
  result,
  width,
  height,
}: {
  result: SyncResult;
  width: number;
  height: number;
}) {
  const { theme } = useLake();
  const lines = resultLines([result], Math.max(1, height - 5));
  const [head, ...failures] = lines;
  return (
    <Box flexDirection="column" width={width} borderStyle="round" paddingX={1}>
      <Text bold color={result.failed.length > 0 ? theme.error : theme.ok}>
        {result.failed.length > 0 ? "Sync finished with failures" : "Sync done"}
      </Text>
      <Text wrap="truncate-end">{head}</Text>
      {failures.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: lines are fixed once the sync is done
        <Text key={i} color={theme.error} wrap="truncate-end">
          {fitText(line, width - 4)}
        </Text>
      ))}
      <Text color={theme.muted}>⏎ back to the diff (read again)</Text>
    </Box>
  );
}
