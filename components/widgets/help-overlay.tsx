import { Box, Text } from "ink";
import { useLake } from "../context.js";
import { globalBindings, type KeyBinding, keysLabel } from "../keys.js";
import { fitWidth } from "../render/text.js";

/** Lines of the help: every key of the screen, then the global ones, from the same tables as the footer. */
export function helpLines(
  screenTitle: string,
  bindings: KeyBinding[],
): { text: string; heading?: boolean }[] {
  const section = (title: string, list: KeyBinding[]) => [
    { text: title, heading: true },
    ...list.map((b) => ({ text: `  ${fitWidth(keysLabel(b), 22)} ${b.description}` })),
  ];
  return [...section(screenTitle, bindings), { text: "" }, ...section("Everywhere", globalBindings)];
}

export function HelpOverlay(props: {
  title: string;
  bindings: KeyBinding[];
  top: number;
  width: number;
  height: number;
}) {
  const { theme } = useLake();
  const lines = helpLines(props.title, props.bindings);
  const body = Math.max(1, props.height - 2);
  const top = Math.max(0, Math.min(props.top, lines.length - body));
  const shown = lines.slice(top, top + body);
  const more =
    lines.length > body ? ` (${top + 1}–${top + shown.length} of ${lines.length}, j/k scroll)` : "";
  return (
    <Box flexDirection="column" width={props.width} height={props.height}>
      <Text bold color={theme.accent} wrap="truncate-end">
        Keys{more} — any other key closes
      </Text>
      {shown.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a static list of lines
        <Text key={i} bold={line.heading} wrap="truncate-end">
          {line.text || " "}
        </Text>
      ))}
    </Box>
  );
}
