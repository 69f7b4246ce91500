import { render } from "ink-testing-library";
import { App, type AppProps } from "../../components/app.js";
import { type FakeLake, fakeLake } from "./fake-lake.js";

export const KEYS = {
  up: "\u001b[A",
  down: "\u001b[B",
  right: "\u001b[C",
  left: "\u001b[D",
  enter: "\r",
  esc: "\u001b",
  backspace: "\u007f",
  tab: "\t",
};

/** Renders the app on a fake lake at a fixed size; `press` sends keys one at a time, like a person. */
export function renderApp(props: Partial<AppProps> & { lake?: FakeLake } = {}) {
  const lake = props.lake ?? fakeLake();
  const copied: string[] = [];
  const app = render(
    <App
      source={lake}
      size={{ width: 100, height: 30 }}
      theme={{}}
      clipboard={(text) => {
        copied.push(text);
        return { copied: true, note: "test clipboard" };
      }}
      {...props}
    />,
  );
  return { ...drive(app), lake, copied };
}

/** What a test does with a rendered app: read the last frame, wait for text, press keys one at a time. */
export function drive(app: ReturnType<typeof render>, waitMs = 5000) {
  const frame = () => app.lastFrame() ?? "";
  const waitFor = async (predicate: (frame: string) => boolean, what: string, timeoutMs = waitMs) => {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(frame())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last frame:\n${frame()}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return frame();
  };
  const waitForText = (text: string, timeoutMs?: number) =>
    waitFor((f) => f.includes(text), JSON.stringify(text), timeoutMs);
  const press = async (...keys: string[]) => {
    for (const key of keys) {
      app.stdin.write(key);
      // Let Ink parse the key and React commit before the next one, as between real key presses.
      await new Promise((r) => setTimeout(r, key === KEYS.esc ? 40 : 10));
    }
  };
  return { ...app, frame, waitFor, waitForText, press };
}
