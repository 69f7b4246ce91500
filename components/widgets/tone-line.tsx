import { Text } from "ink";
import type { Line } from "../../src/render/cell.js";
import { useLake } from "../context.js";
import { toneColor } from "../theme.js";

/** A line of cells from a render step, each in its tone's colour (none under NO_COLOR), cut at the edge. */
export function ToneLine({ line }: { line: Line }) {
  const { theme } = useLake();
  return (
    <Text wrap="truncate-end">
      {line.map((c, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a line's cells are fixed once rendered
        <Text key={i} color={toneColor(theme, c.tone)}>
          {c.text}
        </Text>
      ))}
    </Text>
  );
}
