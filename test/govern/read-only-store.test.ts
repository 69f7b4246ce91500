import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ReadOnlyError } from "../../src/errors.js";
import { readOnlyStore } from "../../src/govern/index.js";
import { LocalStore } from "../../src/storage/index.js";

async function lakeWithOrders(): Promise<LocalStore> {
  const store = new LocalStore(mkdtempSync(path.join(tmpdir(), "medallion-ro-")));
  await store.put("bronze/sales/orders/year=2024/month=01/day=15/part-0.json", '{"id":1}\n');
  await store.put("bronze/sales/orders/year=2024/month=01/day=16/part-0.json", '{"id":2}\n');
  return store;
}

async function refusal(promise: Promise<unknown>): Promise<ReadOnlyError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ReadOnlyError);
  const readOnly = err as ReadOnlyError;
  expect(readOnly.code).toBe("read-only");
  expect(readOnly.message).not.toContain("\n");
  expect(readOnly.message).toMatch(/read-only mode.*--read-only/);
  return readOnly;
}

describe("readOnlyStore", () => {
  it("refuses a write, naming the key, and writes nothing", async () => {
    const store = await lakeWithOrders();
    const guarded = readOnlyStore(store);
    const err = await refusal(guarded.put("bronze/sales/orders/new.json", "x"));
    expect(err.message).toBe(
      "refused to write `bronze/sales/orders/new.json`: Medallion is in read-only mode (drop --read-only or readOnly: true to allow changes)",
    );
    expect(existsSync(store.uri("bronze/sales/orders/new.json"))).toBe(false);
    expect(store.requests.PutObject).toBe(2); // only the two writes of the set-up
  });

  it("refuses to overwrite an existing object and leaves it as it was", async () => {
    const store = await lakeWithOrders();
    const key = "bronze/sales/orders/year=2024/month=01/day=15/part-0.json";
    await refusal(readOnlyStore(store).put(key, "overwritten"));
    expect(readFileSync(store.uri(key), "utf8")).toBe('{"id":1}\n');
  });

  it("refuses a delete, naming the key or the folder the keys share, and deletes nothing", async () => {
    const store = await lakeWithOrders();
    const guarded = readOnlyStore(store);
    const one = "bronze/sales/orders/year=2024/month=01/day=15/part-0.json";
    const two = "bronze/sales/orders/year=2024/month=01/day=16/part-0.json";
    expect((await refusal(guarded.delete([one]))).message).toMatch(
      /^refused to delete `bronze\/sales\/orders\/year=2024\/month=01\/day=15\/part-0.json`:/,
    );
    expect((await refusal(guarded.delete([one, two]))).message).toMatch(
      /^refused to delete 2 objects under `bronze\/sales\/orders\/year=2024\/month=01\/`:/,
    );
    expect((await refusal(guarded.delete([one, "silver/x.parquet"]))).message).toMatch(
      /^refused to delete 2 objects across the lake:/,
    );
    expect(existsSync(store.uri(one))).toBe(true);
    expect(existsSync(store.uri(two))).toBe(true);
    expect(store.requests.DeleteObjects).toBeUndefined();
  });

  it("still lists, heads and reads, counting requests on the wrapped store", async () => {
    const store = await lakeWithOrders();
    const guarded = readOnlyStore(store);
    const keys: string[] = [];
    for await (const page of guarded.list("bronze/sales/orders/"))
      keys.push(...page.objects.map((o) => o.key));
    expect(keys).toEqual([
      "bronze/sales/orders/year=2024/month=01/day=15/part-0.json",
      "bronze/sales/orders/year=2024/month=01/day=16/part-0.json",
    ]);
    const prefixes: string[] = [];
    for await (const page of guarded.list("bronze/sales/orders/year=2024/month=01/", { delimiter: "/" })) {
      prefixes.push(...page.prefixes);
    }
    expect(prefixes).toHaveLength(2);
    expect((await guarded.head(keys[0] as string)).size).toBe(9);
    expect(new TextDecoder().decode(await guarded.read(keys[1] as string, { start: 2, end: 4 }))).toBe("id");
    expect(guarded.kind).toBe("local");
    expect(guarded.root).toBe(store.root);
    expect(guarded.uri("a/b")).toBe(store.uri("a/b"));
    expect(guarded.requests).toBe(store.requests);
    expect(store.requests.GetObject).toBe(1);
    expect(store.requests.HeadObject).toBe(1);
    // The footer of a Parquet preview: the tail and the size in one read, through the guard too.
    expect((await guarded.readTail?.(keys[0] as string, 2))?.size).toBe(9);
    expect(store.requests.GetObject).toBe(2);
  });
});
