import { Box, Text } from "ink";
import { useLake } from "../context.js";
import { footerHints, type KeyBinding, type PaletteAction } from "../keys.js";
import type { PaletteChoice } from "../render/palette.js";

/** The `:` command line: what is typed, and the choices (the highlighted one runs on Enter). */
export function Palette(props: {
  text: string;
  choices: PaletteChoice[];
  highlighted: number;
  /** The palette's key table (the user's keymap applied): its hint line. */
  keys: readonly KeyBinding<PaletteAction>[];
  width: number;
  height: number;
}) {
  const { theme } = useLake();
  const room = Math.max(1, props.height - 2);
  const shown = props.choices.slice(0, room);
  return (
    <Box flexDirection="column" width={props.width} height={props.height}>
      <Text wrap="truncate-end">
        <Text bold color={theme.accent}>
          :
        </Text>
        {props.text}
        <Text inverse> </Text>
      </Text>
      <Text color={theme.muted} wrap="truncate-end">
        a lake path (silver/sales/orders), an s3:// URI, or a screen ·{" "}
        {footerHints(props.keys, props.width, " · ")}
      </Text>
      {shown.map((choice, i) => (
        <Text key={choice.label} inverse={i === props.highlighted} wrap="truncate-end">
          {choice.label}
          {choice.hint ? <Text color={theme.muted}> {choice.hint}</Text> : null}
        </Text>
      ))}
    </Box>
  );
}
