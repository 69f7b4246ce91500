import { Text } from "ink";
import { useEffect, useState } from "react";
import { useLake } from "../context.js";

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/** A small spinner with a label (`⠙ 1,204 partitions…`); ticks on its own, never blocks input. */
export function Spinner({ label }: { label: string }) {
  const { theme } = useLake();
  const [frame, setFrame] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setFrame((f) => (f + 1) % FRAMES.length), 120);
    return () => clearInterval(timer);
  }, []);
  return (
    <Text color={theme.accent}>
      {FRAMES[frame]} {label}
    </Text>
  );
}
