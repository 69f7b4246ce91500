import { useStdout } from "ink";
import { useEffect, useState } from "react";

export interface TerminalSize {
  width: number;
  height: number;
}

function measure(stdout: NodeJS.WriteStream): TerminalSize {
  return { width: stdout.columns || 80, height: stdout.rows || 24 };
}

/** The terminal's size, updated on resize; `fixed` (tests) wins. Falls back to 80×24. */
export function useTerminalSize(fixed?: TerminalSize): TerminalSize {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => measure(stdout));
  useEffect(() => {
    if (fixed) return;
    const onResize = () => setSize(measure(stdout));
    stdout.on("resize", onResize);
    return () => {
      stdout.off("resize", onResize);
    };
  }, [stdout, fixed]);
  return fixed ?? size;
}
