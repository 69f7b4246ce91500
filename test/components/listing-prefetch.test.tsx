// The first screen's listing, started before the app mounts (commands/tui.ts): drawn in the first frame
// when done, joined when still running, never listed twice.
import { cleanup } from "ink-testing-library";
import { afterEach, describe, expect, it } from "vitest";
import type { ListingCache } from "../../components/context.js";
import { prefetchListing } from "../../components/listing-prefetch.js";
import type { LakeSource } from "../../components/source.js";
import type { LakeEntry } from "../../src/lake/entry.js";
import { entry, fakeLake } from "./fake-lake.js";
import { renderApp } from "./render-app.js";

afterEach(() => cleanup());

/** A listing we release batch by batch, counting the listings started and seeing their signals. */
function gatedSource() {
  const base = fakeLake();
  const signals: AbortSignal[] = [];
  let release: (batch: LakeEntry[] | Error | "end") => void = () => {};
  const source: LakeSource = Object.create(base);
  source.listEntries = (_path, { signal }) => ({
    async *[Symbol.asyncIterator]() {
      signals.push(signal);
      for (;;) {
        const next = await new Promise<LakeEntry[] | Error | "end">((resolve) => {
          release = resolve;
        });
        if (next === "end") return;
        if (next instanceof Error) throw next;
        yield next;
      }
    },
  });
  const tick = () => new Promise((r) => setTimeout(r, 5));
  const send = async (next: LakeEntry[] | Error | "end") => {
    await tick();
    release(next);
    await tick();
  };
  return { source, signals, send };
}

const bronze = entry("layer", "bronze", { objects: 1 });

describe("prefetchListing", () => {
  it("puts a listing that completes before the app mounts in the cache, and the first frame has its rows", async () => {
    const { source, signals, send } = gatedSource();
    const cache: ListingCache = new Map();
    const { source: prefetched, settled } = prefetchListing(source, "", cache);
    await send([bronze, entry("layer", "silver")]);
    // Totals arrive later for a row already seen: it keeps its place and takes the new totals.
    await send([entry("layer", "bronze", { objects: 9 })]);
    await send("end");
    await settled;
    expect(cache.get("")?.map((e) => [e.name, e.objects])).toEqual([
      ["bronze", 9],
      ["silver", 1],
    ]);
    const app = renderApp({ source: prefetched, cache });
    expect(app.frame()).toContain("bronze/");
    expect(app.frame()).toContain("silver/");
    expect(signals).toHaveLength(1);
  });

  it("hands a listing still running to the screen, which sees the rows so far and then the rest", async () => {
    const { source, signals, send } = gatedSource();
    const cache: ListingCache = new Map();
    const { source: prefetched } = prefetchListing(source, "", cache);
    await send([bronze]);
    const app = renderApp({ source: prefetched, cache });
    await app.waitFor((f) => f.includes("bronze/"), "the row listed before the app mounted");
    expect(app.frame()).not.toContain("gold/");
    await send([entry("layer", "gold")]);
    await send("end");
    await app.waitFor((f) => f.includes("gold/"), "the row listed after it mounted");
    expect(signals).toHaveLength(1);
  });

  it("lists again on a later call (a reload) and for any other path", async () => {
    const { source, signals, send } = gatedSource();
    const { source: prefetched } = prefetchListing(source, "", new Map());
    await send("end");
    const controller = new AbortController();
    prefetched.listEntries("", { signal: controller.signal })[Symbol.asyncIterator]().next();
    prefetched.listEntries("bronze", { signal: controller.signal })[Symbol.asyncIterator]().next();
    await new Promise((r) => setTimeout(r, 5));
    expect(signals).toHaveLength(3);
    controller.abort();
  });

  it("leaves a failed listing to the screen, which lists again and shows its own error", async () => {
    const { source, signals, send } = gatedSource();
    const cache: ListingCache = new Map();
    const { source: prefetched, settled } = prefetchListing(source, "", cache);
    await send(new Error("first try failed"));
    await expect(settled).resolves.toBeUndefined();
    expect(cache.has("")).toBe(false);
    const app = renderApp({ source: prefetched, cache });
    await send(new Error("nothing at the lake root"));
    await app.waitFor((f) => f.includes("nothing at the lake root"), "the screen's own error");
    expect(signals).toHaveLength(2);
  });

  it("stops the listing when the screen that joined it goes away", async () => {
    const { source, signals, send } = gatedSource();
    const { source: prefetched } = prefetchListing(source, "", new Map());
    await send([bronze]);
    const controller = new AbortController();
    const rows = prefetched.listEntries("", { signal: controller.signal })[Symbol.asyncIterator]();
    expect((await rows.next()).value).toEqual([bronze]);
    controller.abort();
    expect(signals[0]?.aborted).toBe(true);
  });
});
