import { Box, Text } from "ink";
import { fitText } from "../../src/render/text.js";
import { useLake } from "../context.js";
import { footerHints, globalBindings, type HelpAction, type KeyBinding, keysLabel } from "../keys.js";

/** Lines of the help: every key of the screen, then the global ones, from the same tables as the footer. */
export function helpLines(
  screenTitle: string,
  bindings: readonly KeyBinding[],
  globals: readonly KeyBinding[] = globalBindings,
): { text: string; heading?: boolean }[] {
  const keyWidth = Math.max(...[...bindings, ...globals].map((b) => keysLabel(b).length));
  const section = (title: string, list: readonly KeyBinding[]) => [
    { text: title, heading: true },
    ...list.map((b) => ({ text: `  ${fitText(keysLabel(b), keyWidth)}  ${b.description}` })),
  ];
  return [...section(screenTitle, bindings), { text: "" }, ...section("Everywhere", globals)];
}

type HelpLine = { text: string; heading?: boolean };

/** Side by side when the columns fit the width (80×24 shows every key at once), else one scrolling column. */
export function helpColumns(lines: HelpLine[], width: number, rows: number): HelpLine[][] | undefined {
  const columns: HelpLine[][] = [];
  for (let i = 0; i < lines.length; i += rows) columns.push(lines.slice(i, i + rows));
  const widest = Math.max(...lines.map((l) => l.text.length)) + 2;
  return columns.length * widest <= width ? columns : undefined;
}

export function HelpOverlay(props: {
  title: string;
  bindings: readonly KeyBinding[];
  /** The global keys in force (the user's keymap applied). */
  globals?: readonly KeyBinding[];
  /** The overlay's own keys (the user's keymap applied), for its title line. */
  keys: readonly KeyBinding<HelpAction>[];
  top: number;
  width: number;
  height: number;
}) {
  const { theme } = useLake();
  const lines = helpLines(props.title, props.bindings, props.globals);
  const body = Math.max(1, props.height - 1);
  const side = helpColumns(lines, props.width, body);
  const top = Math.max(0, Math.min(props.top, lines.length - body));
  const columns = side ?? [lines.slice(top, top + body)];
  const scrolls = side === undefined && lines.length > body;
  const more = scrolls ? ` (${top + 1}–${top + body} of ${lines.length})` : "";
  // Scrolling keys only when there is something to scroll; "close" always.
  const hints = footerHints(
    props.keys.filter((b) => scrolls || b.action === "close"),
    props.width,
    " · ",
  );
  const columnWidth = Math.floor(props.width / columns.length);
  return (
    <Box flexDirection="column" width={props.width} height={props.height}>
      <Text bold color={theme.accent} wrap="truncate-end">
        Keys{more} — {hints}
      </Text>
      <Box flexDirection="row">
        {columns.map((column, c) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: columns of a static text
          <Box key={c} flexDirection="column" width={columnWidth}>
            {column.map((line, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a static list of lines
              <Text key={i} bold={line.heading} wrap="truncate-end">
                {line.text || " "}
              </Text>
            ))}
          </Box>
        ))}
      </Box>
    </Box>
  );
}
