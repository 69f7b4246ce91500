import { render } from "ink-testing-library";
import { App, type AppProps } from "../../../components/app.js";
import { defaultScreens } from "../../../components/screens/index.js";
import { SyncProvider, type SyncSource, syncScreens } from "../../../components/sync/index.js";
import { fakeLake } from "../../components/fake-lake.js";
import { drive, KEYS } from "../../components/render-app.js";

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
  return drive(app, 10_000);
}
