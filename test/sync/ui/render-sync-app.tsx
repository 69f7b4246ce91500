import { render } from "ink-testing-library";
import { App, type AppProps } from "../../../components/app.js";
import { defaultScreens } from "../../../components/screens/index.js";
import { SyncProvider, type SyncSource, syncScreens } from "../../../components/sync/index.js";
import { fakeLake } from "../../components/fake-lake.js";
import { KEYS } from "../../components/render-app.js";

export { KEYS };

/** The real app shell with the sync screens, a sync source, and (for the browser) the fake listing. */
export function renderSyncApp(sync: SyncSource, props: Partial<AppProps> = {}) {
  const app = render(
    <SyncProvider source={sync}>
      <App
        source={fakeLake()}
        screens={[...defaultScreens, ...syncScreens]}
        size={{ width: 100, height: 30 }}
        theme={{}}
        {...props}
      />
    </SyncProvider>,
  );
  const frame = () => app.lastFrame() ?? "";
  const waitFor = async (predicate: (frame: string) => boolean, what: string, timeoutMs = 10_000) => {
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
      await new Promise((r) => setTimeout(r, key === KEYS.esc ? 40 : 10));
    }
  };
  return { ...app, frame, waitFor, waitForText, press };
}
