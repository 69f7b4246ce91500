import { Box, Text } from "ink";
import { useLake } from "../context.js";
import { footerHints, type KeyBinding, type PaletteAction } from "../keys.js";
import { labelParts, type PaletteChoice } from "../render/palette.js";
import { Spinner } from "./spinner.js";

/** A choice's label with only the characters that match what was typed marked. */
function ChoiceLabel({ choice, color }: { choice: PaletteChoice; color?: string }) {
  const [before, matched, after] = labelParts(choice);
  return (
    <>
      {before}
      {matched ? (
        <Text bold color={color}>
          {matched}
        </Text>
      ) : null}
      {after}
    </>
  );
}

/** The `:` command line: what is typed, and the choices (the highlighted one runs on Enter). */
export function Palette(props: {
  text: string;
  choices: PaletteChoice[];
  highlighted: number;
  /** The lake path being looked for (Enter on a location). */
  checking?: string;
  /** Why the last Enter went nowhere. */
  error?: string;
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
      {props.checking !== undefined ? (
        <Spinner label={`looking for ${props.checking}…`} />
      ) : props.error ? (
        <Text color={theme.error} wrap="truncate-end">
          {props.error}
        </Text>
      ) : (
        <Text color={theme.muted} wrap="truncate-end">
          a lake path (silver/sales/orders), an s3:// URI, a screen, or q to quit ·{" "}
          {footerHints(props.keys, props.width, " · ")}
        </Text>
      )}
      {shown.map((choice, i) => (
        <Text key={choice.label} inverse={i === props.highlighted} wrap="truncate-end">
          <ChoiceLabel choice={choice} color={theme.accent} />
          {choice.hint ? <Text color={theme.muted}> {choice.hint}</Text> : null}
        </Text>
      ))}
    </Box>
  );
}
