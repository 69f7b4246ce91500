import { Text } from "ink";
import { useLake } from "../context.js";
import { footerHints, type KeyBinding } from "../keys.js";

/** The keys that work here, generated from the active binding tables (screen first, then global). */
export function Footer({ bindings, width }: { bindings: readonly KeyBinding[]; width: number }) {
  const { theme } = useLake();
  return (
    <Text color={theme.muted} wrap="truncate-end">
      {footerHints(bindings, width)}
    </Text>
  );
}

/** One status line: what just happened (a copied URI, a load error), or nothing. */
export function StatusLine({ message, tone }: { message?: string; tone?: "info" | "error" }) {
  const { theme } = useLake();
  return (
    <Text color={tone === "error" ? theme.error : undefined} wrap="truncate-end">
      {message ?? " "}
    </Text>
  );
}
