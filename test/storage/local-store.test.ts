import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NotFoundError } from "../../src/errors.js";
import { LocalStore } from "../../src/storage/local-store.js";

async function collect(store: LocalStore, prefix: string, delimiter?: "/") {
  const keys: string[] = [];
  const prefixes: string[] = [];
  for await (const page of store.list(prefix, { delimiter })) {
    keys.push(...page.objects.map((o) => o.key));
    prefixes.push(...page.prefixes);
  }
  return { keys, prefixes };
}

describe("LocalStore (folder specifics)", () => {
  let dir: string;
  let store: LocalStore;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "medallion-local-"));
    store = new LocalStore(dir);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("writes through a temp file that listings never show, and leaves no temp file behind", async () => {
    await store.put("a/b/file.txt", "hello");
    expect(await readdir(path.join(dir, "a", "b"))).toEqual(["file.txt"]);
    expect((await collect(store, "")).keys).toEqual(["a/b/file.txt"]);
  });

  it("does not list folders that hold no files, like S3", async () => {
    await store.put("t/x=1/f", "1");
    const { mkdir } = await import("node:fs/promises");
    await mkdir(path.join(dir, "t", "x=2", "deeper"), { recursive: true });
    expect((await collect(store, "t/", "/")).prefixes).toEqual(["t/x=1/"]);
  });

  it("removes folders left empty by a delete, up to the root", async () => {
    await store.put("a/b/c/file", "x");
    await store.put("a/keep", "y");
    await store.delete(["a/b/c/file"]);
    expect(await readdir(path.join(dir, "a"))).toEqual(["keep"]);
    await store.delete(["a/keep"]);
    expect(await readdir(dir)).toEqual([]);
  });

  it("says the lake folder does not exist when listing a missing root", async () => {
    const missing = new LocalStore(path.join(dir, "nope"));
    await expect(collect(missing, "")).rejects.toThrow(/lake folder .*nope does not exist/);
    await expect(missing.read("x")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("never lists outside its folder, whatever the prefix", async () => {
    await store.put("inside/file", "x");
    const outside = new LocalStore(path.join(dir, "inside"));
    expect((await collect(outside, "../")).keys).toEqual([]);
    expect((await collect(outside, "./", "/")).prefixes).toEqual([]);
    await expect(outside.read("../inside/file")).rejects.toThrow(/invalid key/);
  });

  it("reports the full file path as the location of a key", () => {
    expect(store.uri("bronze/sales/orders/part-0.json")).toBe(
      path.join(dir, "bronze", "sales", "orders", "part-0.json"),
    );
  });
});
