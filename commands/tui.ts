// `medallion` with no subcommand: the terminal UI on the configured lake. Ink, React and the screens are
// imported here, inside the action, and the lake's own modules only when a screen first needs data.
import type { Config } from "../src/config/index.js";
import { MedallionError } from "../src/errors.js";

const ENTER_ALT_SCREEN = "\u001b[?1049h\u001b[H";
const LEAVE_ALT_SCREEN = "\u001b[?1049l";

export interface TuiOptions {
  /** Lake path to open the browser at (default: the lake root, its layers). */
  path?: string;
}

/** Runs the UI until `q`; the terminal is restored on every way out (quit, Ctrl-C, crash, SIGTERM). */
export async function runTui(config: Config, options: TuiOptions = {}): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new MedallionError(
      "usage",
      "the terminal UI needs an interactive terminal; in scripts use `medallion ls`, `medallion preview` or `medallion schema`",
    );
  }
  const stdout = process.stdout;
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    stdout.write(LEAVE_ALT_SCREEN);
  };
  process.once("exit", restore);
  stdout.write(ENTER_ALT_SCREEN);
  // The header first, from the config alone; Ink and React load after it is on screen.
  const [{ firstFrame }, { headerFor }] = await Promise.all([
    import("../components/first-frame.js"),
    import("../components/lake-source.js"),
  ]);
  const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== "";
  stdout.write(firstFrame(headerFor(config), stdout.columns || 80, noColor));
  // Keys typed while the rest loads must not echo over the frame; Ink reads them once it is up.
  process.stdin.setRawMode(true);
  const [{ createElement }, { render }, { App }, { lakeSource }, { terminalClipboard }] = await Promise.all([
    import("react"),
    import("ink"),
    import("../components/app.js"),
    import("../components/lake-source.js"),
    import("../components/clipboard.js"),
  ]);
  // Ink draws from the top, over the first frame: the header stays put, the loading line goes.
  stdout.write("\u001b[3;1H\u001b[2K\u001b[H");
  const app = createElement(App, {
    source: lakeSource(config),
    clipboard: terminalClipboard(stdout),
    start: { screen: "browser", params: { path: options.path ?? "" } },
  });
  // Ctrl-C is a quit key of the shell (like q), so Ink must not kill the process before it restores.
  const instance = render(app, { exitOnCtrlC: false, patchConsole: true });
  // Killed or hung up (SSH dropped): leave the terminal as it was found.
  const onSignal = (signal: NodeJS.Signals) => {
    instance.unmount();
    restore();
    process.exit(signal === "SIGTERM" ? 143 : 129);
  };
  process.once("SIGTERM", onSignal);
  process.once("SIGHUP", onSignal);
  try {
    await instance.waitUntilExit();
  } finally {
    instance.cleanup();
    restore();
    process.removeListener("exit", restore);
    process.removeListener("SIGTERM", onSignal);
    process.removeListener("SIGHUP", onSignal);
  }
  return 0;
}
