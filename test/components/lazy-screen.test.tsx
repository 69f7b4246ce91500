// A screen loaded on first use (components/screens/lazy-screen.ts): "loading…" while its code loads,
// and a key typed meanwhile is not lost nor sent elsewhere: the screen acts on it once it is there.
import { Text } from "ink";
import { cleanup } from "ink-testing-library";
import { useState } from "react";
import { afterEach, describe, expect, it } from "vitest";
import type { KeyBinding } from "../../components/keys.js";
import { useScreenKeys } from "../../components/screen-keys.js";
import { defaultScreens } from "../../components/screens/index.js";
import { lazyScreen } from "../../components/screens/lazy-screen.js";
import type { ScreenProps } from "../../components/screens/registry.js";
import { renderApp } from "./render-app.js";

afterEach(() => cleanup());

const bindings: KeyBinding<"mark">[] = [{ keys: ["x"], action: "mark", description: "mark" }];

function Marker(_: ScreenProps) {
  const [marks, setMarks] = useState(0);
  useScreenKeys(bindings, () => setMarks((n) => n + 1));
  return <Text>marks: {marks}</Text>;
}

describe("a screen loaded on first use", () => {
  it("shows loading… until its code is there, then acts on the key typed meanwhile", async () => {
    let loaded: () => void = () => {};
    const code = new Promise<void>((resolve) => {
      loaded = resolve;
    });
    const slow = {
      id: "slow",
      title: "Slow",
      bindings,
      component: lazyScreen(async () => {
        await code;
        return Marker;
      }),
    };
    const app = renderApp({
      screens: [...defaultScreens, slow],
      start: { screen: "slow", params: {} },
    });
    await app.waitForText("loading…");
    await app.press("x");
    await new Promise((r) => setTimeout(r, 50));
    expect(app.frame()).toContain("loading…");
    loaded();
    await app.waitForText("marks: 1");
  });
});
