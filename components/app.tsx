import { Box, type Key, useApp as useInkApp, useInput } from "ink";
import { Suspense, useMemo, useRef, useState } from "react";
import type { Keymap, Settings, SettingsStore } from "../src/config/settings.js";
import { errorLine, NotFoundError } from "../src/errors.js";
import type { Clipboard } from "./clipboard.js";
import { AppContext, type AppContextValue, type ListingCache } from "./context.js";
import { type StatusMessage, useRetryStatus } from "./hooks/use-retry-status.js";
import { type TerminalSize, useTerminalSize } from "./hooks/use-terminal-size.js";
import { useTypeAhead } from "./hooks/use-type-ahead.js";
import {
  actionOf,
  helpBindings,
  type KeyBinding,
  keymapProblem,
  keyName,
  overlayBindings,
  paletteBindings,
  remapBindings,
  typedAheadKeys,
} from "./keys.js";
import { looksLikeFile } from "./render/lake-paths.js";
import { defaultChoice, type PaletteChoice, paletteChoices } from "./render/palette.js";
import { type ScreenKeys, ScreenKeysContext, type ScreenKeysRegistry } from "./screen-keys.js";
import { defaultScreens } from "./screens/index.js";
import type { Navigator, ScreenDefinition, ScreenParams } from "./screens/registry.js";
import { ScreenLoading } from "./screens/screen-loading.js";
import type { LakeSource } from "./source.js";
import { type Theme, themeFor } from "./theme.js";
import { sessionSettings } from "./user-settings.js";
import { ScreenErrorBoundary } from "./widgets/error-boundary.js";
import { Footer, StatusLine } from "./widgets/footer.js";
import { Header } from "./widgets/header.js";
import { HelpOverlay } from "./widgets/help-overlay.js";
import { Palette } from "./widgets/palette.js";

export interface AppProps {
  source: LakeSource;
  screens?: ScreenDefinition[];
  /** The first screen (default: the browser at the lake root). */
  start?: { screen: string; params?: ScreenParams };
  /** Fixed size (tests); otherwise the terminal's, following resizes. */
  size?: TerminalSize;
  theme?: Theme;
  clipboard?: Clipboard;
  cache?: ListingCache;
  /** The user's keymap (settings file): per screen id, or `global`, the keys of each remapped action. */
  keymap?: Keymap;
  /** A line for the status line at start (e.g. the settings file could not be used). */
  notice?: string;
  /** The last sorts and recent paths as read from the settings file, and the file to keep changes in. */
  remembered?: Pick<Settings, "sorts" | "recentPaths">;
  settingsStore?: Pick<SettingsStore, "rememberSort" | "rememberPath">;
}

interface StackEntry {
  id: number;
  screen: string;
  params: ScreenParams;
}

type Overlay =
  | { kind: "none" }
  | { kind: "help"; top: number }
  | {
      kind: "palette";
      text: string;
      /** Moved by the user; until then the palette's default choice (the only match, else the first). */
      highlighted?: number;
      /** A lake path is being looked for before going there (Enter on a location). */
      checking?: string;
      /** Why the last Enter went nowhere (a path with nothing at it), under the typed text. */
      error?: string;
    };

/** Header, status and footer lines the shell draws around the screen. */
const SHELL_LINES = 3;

let nextId = 1;

/** Every action each screen has (its help table), and the shell's own: what a keymap may name. */
function actionsByScreen(screens: ScreenDefinition[]): Record<string, string[]> {
  const byScreen: Record<string, string[]> = {};
  for (const [name, bindings] of Object.entries(overlayBindings))
    byScreen[name] = bindings.map((b) => b.action);
  for (const s of screens) byScreen[s.id] = s.bindings.map((b) => b.action);
  return byScreen;
}

/**
 * The app shell: header, the current screen, a status line and a footer of the keys that work here;
 * `?` help, `:` palette, `q` quit. It owns the keyboard and hands keys to the screen's binding table.
 */
export function App({
  source,
  screens = defaultScreens,
  start,
  size,
  theme,
  clipboard,
  cache,
  keymap = {},
  notice,
  remembered,
  settingsStore,
}: AppProps) {
  const ink = useInkApp();
  const { width, height: rows } = useTerminalSize(size);
  // One line short of the terminal: a frame as tall as the terminal makes Ink clear the screen on every update.
  const height = Math.max(6, size ? rows : rows - 1);
  // Kept for the session (a write that fails is said once in the status line).
  const [settings] = useState(() =>
    sessionSettings(remembered, settingsStore, (line) => setStatus({ message: line, tone: "error" })),
  );
  const context = useMemo<AppContextValue>(
    () => ({
      source,
      cache: cache ?? new Map(),
      theme: theme ?? themeFor(),
      clipboard: clipboard ?? (() => ({ copied: false, note: "no clipboard here: copy it from here" })),
      settings,
    }),
    [source, cache, theme, clipboard, settings],
  );
  const [stack, setStack] = useState<StackEntry[]>(() => [
    { id: nextId++, screen: start?.screen ?? "browser", params: start?.params ?? { path: "" } },
  ]);
  // Keys can arrive faster than React re-subscribes Ink's input handler, so the handler reads the
  // overlay from a ref that every change updates at once.
  const [overlay, setOverlayState] = useState<Overlay>({ kind: "none" });
  const overlayRef = useRef(overlay);
  const setOverlay = (next: Overlay) => {
    overlayRef.current = next;
    setOverlayState(next);
  };
  const [status, setStatus] = useState<StatusMessage | undefined>(() => {
    const problem = notice ?? keymapProblem(keymap, actionsByScreen(screens));
    return problem ? { message: problem, tone: "error" } : undefined;
  });
  // The user's keymap applied: what the keys do, the footer and the help all read these.
  const globals = remapBindings(overlayBindings.global, keymap.global);
  useRetryStatus(setStatus);
  // The screen's keys are read at key time (a ref); the footer redraws from its copy of the table.
  const screenKeys = useRef<(() => ScreenKeys) | undefined>(undefined);
  const [screenBindings, setScreenBindings] = useState<readonly KeyBinding[]>([]);
  // The type-ahead queue (below) is told when the screen has its rows.
  const screenReadyRef = useRef(() => {});
  const registry = useMemo<ScreenKeysRegistry>(
    () => ({
      set: (current) => {
        screenKeys.current = current;
      },
      changed: setScreenBindings,
      // Keys waiting for the screen's rows go on as soon as it has them.
      readyChanged: (ready) => {
        if (ready) screenReadyRef.current();
      },
    }),
    [],
  );

  const byId = (id: string) => screens.find((s) => s.id === id);
  const top = stack[stack.length - 1] as StackEntry;
  const definition = byId(top.screen);

  const nav: Navigator = useMemo(
    () => ({
      open: (screen, params = {}) => {
        setStatus(undefined);
        setStack((s) => [...s, { id: nextId++, screen, params }]);
      },
      replace: (screen, params = {}) => {
        setStatus(undefined);
        setStack((s) => [...s.slice(0, -1), { id: nextId++, screen, params }]);
      },
      back: () => {
        setStatus(undefined);
        setStack((s) => (s.length > 1 ? s.slice(0, -1) : s));
      },
      notify: (message, tone = "info") => setStatus({ message, tone }),
    }),
    [],
  );

  const knownPaths = () => {
    const paths: string[] = [];
    for (const [path, entries] of context.cache) {
      if (path) paths.push(path);
      for (const e of entries) paths.push(e.path);
    }
    return paths;
  };
  const choicesFor = (o: Overlay): PaletteChoice[] =>
    o.kind === "palette" ? paletteChoices(o.text, screens, knownPaths(), settings.recentPaths()) : [];
  const choices = choicesFor(overlay);

  const go = (choice: PaletteChoice | undefined) => {
    const palette = overlayRef.current;
    if (palette.kind !== "palette" || !choice) return setOverlay({ kind: "none" });
    const { target } = choice;
    if ("quit" in target) return ink.exit();
    if ("screen" in target) {
      setOverlay({ kind: "none" });
      if (!byId(target.screen)) return nav.notify(`no screen named ${target.screen}`, "error");
      return nav.open(target.screen, target.params ?? {});
    }
    let path: string;
    try {
      path = source.toLakePath(target.location).replace(/\/+$/, "");
    } catch (err) {
      return setOverlay({ ...palette, error: errorLine(err) });
    }
    // A file says for itself when it is not there (the preview's one line).
    if (looksLikeFile(path)) {
      setOverlay({ kind: "none" });
      return nav.open("preview", { path });
    }
    // A folder is looked for first: a path with nothing at it keeps the palette open with one line.
    setOverlay({ ...palette, checking: path, error: undefined });
    void lists(path).then((error) => {
      const now = overlayRef.current;
      if (now.kind !== "palette" || now.checking !== path) return;
      if (error) setOverlay({ ...now, checking: undefined, error });
      else {
        setOverlay({ kind: "none" });
        nav.replace("browser", { path });
      }
      typeAhead.screenReady();
    });
  };

  /** The first segment of each row's path beneath `folder`, from its first batch of rows. */
  const childNames = async (folder: string, signal: AbortSignal): Promise<string[]> => {
    const prefix = folder === "" ? "" : `${folder}/`;
    for await (const batch of source.listEntries(folder, { signal })) {
      if (batch.length > 0) return batch.map((entry) => entry.path.slice(prefix.length).split("/")[0] ?? "");
    }
    return [];
  };

  /** Undefined when `path` lists something (seen this session, or its first rows read now), else why not. */
  const lists = async (path: string): Promise<string | undefined> => {
    if (path === "" || (context.cache.get(path)?.length ?? 0) > 0) return undefined;
    const abort = new AbortController();
    try {
      try {
        for await (const batch of source.listEntries(path, { signal: abort.signal })) {
          if (batch.length > 0) return undefined;
        }
      } catch (err) {
        if (!(err instanceof NotFoundError)) return errorLine(err);
      }
      // Loaded here, not at start-up: only a mistyped path needs it.
      const { didYouMean, suggestPath } = await import("../src/lake/not-found.js");
      const meant = await suggestPath(path, (folder) => childNames(folder, abort.signal)).catch(
        () => undefined,
      );
      return meant === undefined
        ? `nothing at ${path}: no such path in this lake (Tab completes from what was seen)`
        : `nothing at ${path}${didYouMean(meant)}`;
    } finally {
      abort.abort();
    }
  };

  const onPaletteKey = (input: string, key: Key, name: string) => {
    const overlay = overlayRef.current;
    if (overlay.kind !== "palette") return;
    const choices = choicesFor(overlay);
    const { text } = overlay;
    const highlighted = overlay.highlighted ?? defaultChoice(choices);
    // While a path is looked for, only Esc (cancel) does anything; other keys wait (type-ahead).
    const action = actionOf(paletteBindings, keymap.palette, name);
    if (overlay.checking && action !== "cancel") return;
    switch (action) {
      case "cancel":
        return setOverlay({ kind: "none" });
      case "go":
        return go(choices[highlighted]);
      case "next":
        return setOverlay({ ...overlay, highlighted: Math.min(highlighted + 1, choices.length - 1) });
      case "previous":
        return setOverlay({ ...overlay, highlighted: Math.max(highlighted - 1, 0) });
      case "complete": {
        const choice = choices[highlighted];
        const completion =
          choice &&
          ("location" in choice.target
            ? choice.target.location
            : "screen" in choice.target
              ? choice.target.screen
              : undefined);
        return completion && setOverlay({ kind: "palette", text: completion });
      }
      case "erase":
        return setOverlay({ kind: "palette", text: text.slice(0, -1) });
      case undefined:
        if (!key.ctrl && !key.meta && input && name === input)
          setOverlay({ kind: "palette", text: text + input });
    }
  };

  // Keys are handled one by one, each after the screen redrew from the one before; a loading screen
  // holds them briefly (hooks/use-type-ahead.ts).
  const typeAhead = useTypeAhead(
    onKey,
    () => {
      const overlay = overlayRef.current;
      if (overlay.kind === "palette") return overlay.checking !== undefined;
      return overlay.kind === "none" && screenKeys.current?.().ready === false;
    },
    () => overlayRef.current.kind === "none" && screenKeys.current?.().hold === true,
  );
  screenReadyRef.current = typeAhead.screenReady;
  useInput((input, key) => {
    const presses =
      Array.from(input).length > 1 && !key.ctrl && !key.meta ? typedAheadKeys(input, key) : [{ input, key }];
    const first = presses[0];
    const name = first && keyName(first.input, first.key);
    // q quits at once unless it is text (a filter or the palette has the keyboard); Ctrl-C does unless the
    // screen binds it itself (a running promotion: it stops the run first, then Ctrl-C quits).
    const typing = overlayRef.current.kind === "palette" || screenKeys.current?.().onText !== undefined;
    const quits = name !== undefined && actionOf(globals, undefined, name) === "quit";
    if (
      name === "ctrl-c" &&
      overlayRef.current.kind === "none" &&
      screenKeys.current?.().act(name, keymap[top.screen])
    )
      return;
    if (name === "ctrl-c" || (quits && !typing && !typeAhead.pending())) return ink.exit();
    typeAhead.push(presses);
  });

  function onKey(input: string, key: Key) {
    const name = keyName(input, key);
    const overlay = overlayRef.current;
    if (overlay.kind === "help") {
      switch (actionOf(helpBindings, keymap.help, name)) {
        case "scrollDown":
          return setOverlay({ kind: "help", top: overlay.top + 1 });
        case "scrollUp":
          return setOverlay({ kind: "help", top: Math.max(0, overlay.top - 1) });
        default:
          return setOverlay({ kind: "none" });
      }
    }
    if (overlay.kind === "palette") return onPaletteKey(input, key, name);
    const keys = screenKeys.current?.();
    if (keys?.onText?.(input, key, name)) return;
    switch (actionOf(globals, undefined, name)) {
      case "quit":
        return ink.exit();
      case "help":
        return setOverlay({ kind: "help", top: 0 });
      case "palette":
        return setOverlay({ kind: "palette", text: "" });
    }
    if (keys) keys.act(name, keymap[top.screen]);
    // A screen that failed to draw has no keys of its own: Esc/Backspace still go back.
    else if (name === "esc" || name === "backspace") nav.back();
  }

  const bodyHeight = height - SHELL_LINES;
  const footerBindings: readonly KeyBinding[] =
    overlay.kind === "none" ? [...remapBindings(screenBindings, keymap[top.screen]), ...globals] : [];
  const Screen = definition?.component;

  return (
    <AppContext.Provider value={context}>
      <ScreenKeysContext.Provider value={registry}>
        <Box flexDirection="column" width={width} height={height}>
          <Header width={width} />
          {/* The screen stays mounted under an overlay, so its loads keep going. */}
          <Box height={bodyHeight} flexDirection="column" display={overlay.kind === "none" ? "flex" : "none"}>
            {Screen ? (
              <ScreenErrorBoundary key={top.id} color={context.theme.error}>
                <Suspense fallback={<ScreenLoading />}>
                  <Screen params={top.params} width={width} height={bodyHeight} nav={nav} />
                </Suspense>
              </ScreenErrorBoundary>
            ) : null}
          </Box>
          {overlay.kind === "help" ? (
            <HelpOverlay
              title={definition?.title ?? top.screen}
              bindings={remapBindings(definition?.bindings ?? [], keymap[top.screen])}
              globals={globals}
              keys={remapBindings(helpBindings, keymap.help)}
              top={overlay.top}
              width={width}
              height={bodyHeight}
            />
          ) : null}
          {overlay.kind === "palette" ? (
            <Palette
              text={overlay.text}
              choices={choices}
              highlighted={overlay.highlighted ?? defaultChoice(choices)}
              checking={overlay.checking}
              error={overlay.error}
              keys={remapBindings(paletteBindings, keymap.palette)}
              width={width}
              height={bodyHeight}
            />
          ) : null}
          <StatusLine
            message={definition ? status?.message : `no screen named ${top.screen}`}
            tone={definition ? status?.tone : "error"}
          />
          <Footer bindings={footerBindings} width={width} />
        </Box>
      </ScreenKeysContext.Provider>
    </AppContext.Provider>
  );
}
