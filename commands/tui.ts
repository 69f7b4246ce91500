// `medallion` with no subcommand: the terminal UI on the configured lake. Ink, React and the screens are
// imported here, inside the action, and the lake's own modules only when a screen first needs data.
import type { Config } from "../src/config/index.js";
import { errorLine, MedallionError } from "../src/errors.js";
import { setUiHasTerminal } from "./tui-state.js";

const ENTER_ALT_SCREEN = "\u001b[?1049h\u001b[H";
const LEAVE_ALT_SCREEN = "\u001b[?1049l";
/**
 * Once Ink has loaded, how long the first frame may wait for the first screen's listing: a local lake's
 * is done within it and the first frame has the rows; a slow one (S3) draws "loading" and streams in.
 */
const FIRST_LISTING_WAIT_MS = 100;

export interface TuiOptions {
  /** Lake path to open the browser at (default: the lake root, its layers). */
  path?: string;
  /** Open `path` in the preview (a file) rather than the browser. */
  preview?: boolean;
}

/**
 * Runs `load` with the global `fetch` hidden. Yoga, Ink's layout engine, loads its WebAssembly with
 * `fetch()` on a data: URL whenever `fetch` exists; in Node that first touch loads undici and web
 * streams (~30 ms of start-up that nothing else in the UI needs). Without it Yoga decodes the same
 * bytes itself. Nothing at start-up fetches (the AWS SDK uses node:http), and `fetch` is back after.
 */
async function withoutFetch<T>(load: () => Promise<T>): Promise<T> {
  const fetch = Object.getOwnPropertyDescriptor(globalThis, "fetch");
  Object.defineProperty(globalThis, "fetch", { value: undefined, configurable: true, writable: true });
  try {
    return await load();
  } finally {
    if (fetch) Object.defineProperty(globalThis, "fetch", fetch);
  }
}

/** Runs the UI until `q`; the terminal is restored on every way out (quit, Ctrl-C, crash, SIGTERM). */
export async function runTui(config: Config, options: TuiOptions = {}): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new MedallionError(
      "usage",
      "the terminal UI needs an interactive terminal; in scripts use `medallion ls`, `medallion preview` or `medallion schema`",
    );
  }
  // With CI or CONTINUOUS_INTEGRATION set, Ink draws only its last frame and chalk drops colour (both
  // read them as they load); at an interactive terminal the user wants the UI whatever the environment says.
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  // Ink, React and the screens are the slow part of start-up: their import starts first, and the header,
  // the lake's own modules and the first listing get going while it loads.
  const app = withoutFetch(() => import("../components/start-app.js"));
  app.catch(() => undefined); // a failed load is reported where it is awaited, not as an unhandled rejection
  // The user's settings (keymap, sorts, recent paths) load alongside; a bad file is said in the status
  // line, not fatal, and is then neither used nor written to.
  const settings = import("../src/config/settings.js")
    .then(({ openSettings }) => openSettings())
    .then((store) => ({ read: store.read(), store, notice: undefined as string | undefined }))
    .catch((err: unknown) => ({
      read: undefined,
      store: undefined,
      notice: `${errorLine(err)} (using the default keys)`,
    }));
  const stdout = process.stdout;
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    setUiHasTerminal(false);
    stdout.write(LEAVE_ALT_SCREEN);
  };
  process.once("exit", restore);
  setUiHasTerminal(true);
  stdout.write(ENTER_ALT_SCREEN);
  // The header first, from the config alone, drawn with plain escape codes; Ink draws over it.
  const [{ firstFrame }, { headerFor, lakeSource }, { prefetchListing }, { parentPath }] = await Promise.all([
    import("../components/first-frame.js"),
    import("../components/lake-source.js"),
    import("../components/listing-prefetch.js"),
    import("../components/render/lake-paths.js"),
  ]);
  const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== "";
  stdout.write(firstFrame(headerFor(config), stdout.columns || 80, noColor));
  // Keys typed while the rest loads must not echo over the frame; Ink reads them once it is up.
  process.stdin.setRawMode(true);
  // The first screen's listing runs while Ink loads; on a small lake Ink's first frame has the rows.
  const path = options.path ?? "";
  const cache = new Map();
  // A file opens in the preview; the browser's listing is still what proves the lake can be reached.
  const listed = options.preview ? parentPath(path) : path;
  const prefetch = prefetchListing(lakeSource(config), listed, cache);
  const { startApp } = await app;
  let waited: NodeJS.Timeout | undefined;
  await Promise.race([
    prefetch.settled,
    new Promise((resolve) => {
      waited = setTimeout(resolve, FIRST_LISTING_WAIT_MS);
    }),
  ]);
  clearTimeout(waited);
  // A lake that cannot be listed (missing folder, bucket or prefix, endpoint refusing, no credentials)
  // is not opened: the terminal is restored and the CLI's one line says why, exit 2.
  if (prefetch.failure()) {
    restore();
    throw prefetch.failure();
  }
  // Ink draws from the top, over the first frame: the header stays put, the loading line goes.
  stdout.write("\u001b[3;1H\u001b[2K\u001b[H");
  const { read, store, notice } = await settings;
  const instance = startApp({
    keymap: read?.keymap,
    remembered: read,
    settingsStore: store,
    notice,
    source: prefetch.source,
    path,
    stdout,
    cache,
    screen: options.preview ? "preview" : "browser",
  });
  // A slow endpoint fails after the app is up (timeouts, retries): the same way out then.
  let unreachable: unknown;
  void prefetch.settled.then(() => {
    unreachable = prefetch.failure();
    if (unreachable) instance.unmount();
  });
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
    // The sort, paths and queries remembered in this session are in the file before the process ends.
    await store?.saved();
  } finally {
    instance.cleanup();
    restore();
    process.removeListener("exit", restore);
    process.removeListener("SIGTERM", onSignal);
    process.removeListener("SIGHUP", onSignal);
  }
  if (unreachable) throw unreachable;
  return 0;
}
