import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MedallionError, NotFoundError } from "../../src/errors.js";
import { tenantScope } from "../../src/govern/tenant-scope.js";
import { tenantStore } from "../../src/govern/tenant-store.js";
import { LocalStore, type ObjectStore } from "../../src/storage/index.js";

const ACME = "bronze/tenant=acme/sales/orders/year=2024/month=01/day=15/part-0.json";
const GLOBEX = "bronze/tenant=globex/sales/orders/year=2024/month=01/day=15/part-0.json";

/** A lake with two tenants, a tenant-less table and the tool's state; the inner store's request keys logged. */
async function twoTenantLake() {
  const inner = new LocalStore(mkdtempSync(path.join(tmpdir(), "medallion-tenant-")));
  for (const key of [
    ACME,
    GLOBEX,
    "bronze/sales/orders/year=2024/month=01/day=15/part-0.json",
    "silver/tenant=acme/sales/orders/year=2024/month=01/day=15/part-0.parquet",
    "_medallion/runs/other.json",
    "_medallion/tenant=acme/runs/mine.json",
    "_medallion/tenant=globex/runs/theirs.json",
  ]) {
    await inner.put(key, "x");
  }
  const touched: string[] = [];
  const logged: ObjectStore = {
    ...inner,
    kind: inner.kind,
    root: inner.root,
    requests: inner.requests,
    uri: (key) => inner.uri(key),
    list: (prefix, options) => {
      touched.push(prefix);
      return inner.list(prefix, options);
    },
    head: (key) => {
      touched.push(key);
      return inner.head(key);
    },
    read: (key, range) => {
      touched.push(key);
      return inner.read(key, range);
    },
    put: (key, body, options) => {
      touched.push(key);
      return inner.put(key, body, options);
    },
    delete: (keys) => {
      touched.push(...keys);
      return inner.delete(keys);
    },
  };
  const scope = tenantScope("acme", ["bronze", "silver", "gold"]);
  return { inner, touched, store: tenantStore(logged, scope) };
}

async function keys(store: ObjectStore, prefix: string, delimiter?: string): Promise<string[]> {
  const out: string[] = [];
  for await (const page of store.list(prefix, delimiter ? { delimiter } : {})) {
    out.push(...page.prefixes, ...page.objects.map((o) => o.key));
  }
  return out;
}

async function refusal(promise: Promise<unknown> | (() => unknown)): Promise<MedallionError> {
  const err = await (typeof promise === "function" ? Promise.resolve().then(promise) : promise).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MedallionError);
  expect((err as MedallionError).code).toBe("outside-tenant");
  expect((err as MedallionError).message).not.toContain("\n");
  return err as MedallionError;
}

describe("tenantStore", () => {
  it("lists a layer as the tenant's folder alone, and the root as the layers the tenant has data in", async () => {
    const { store, touched } = await twoTenantLake();
    expect(await keys(store, "bronze/", "/")).toEqual(["bronze/tenant=acme/"]);
    expect(await keys(store, "", "/")).toEqual(["_medallion/", "bronze/", "silver/"]);
    expect(
      touched.every((k) => /^(bronze|silver|gold)\/tenant=acme\/|^_medallion\/tenant=acme\//.test(k)),
    ).toBe(true);
  });

  it("lists the whole lake flat as the tenant's keys only, in key order", async () => {
    const { store } = await twoTenantLake();
    expect(await keys(store, "")).toEqual([
      "_medallion/runs/mine.json",
      ACME,
      "silver/tenant=acme/sales/orders/year=2024/month=01/day=15/part-0.parquet",
    ]);
  });

  it("keeps the tenant's tool state in its own part of _medallion/", async () => {
    const { store, inner } = await twoTenantLake();
    await store.put("_medallion/runs/new.json", "{}");
    expect(existsSync(inner.uri("_medallion/tenant=acme/runs/new.json"))).toBe(true);
    expect(existsSync(inner.uri("_medallion/runs/new.json"))).toBe(false);
    expect(await keys(store, "_medallion/runs/")).toEqual([
      "_medallion/runs/mine.json",
      "_medallion/runs/new.json",
    ]);
    expect(store.uri("_medallion/runs/new.json")).toBe(inner.uri("_medallion/tenant=acme/runs/new.json"));
  });

  it("refuses another tenant's and tenant-less keys for every operation, before any request", async () => {
    const { store, touched, inner } = await twoTenantLake();
    const err = await refusal(store.read(GLOBEX));
    expect(err.message).toBe(
      `refused to read \`${GLOBEX}\`: outside tenant acme, whose data is under <layer>/tenant=acme/`,
    );
    await refusal(store.head(GLOBEX));
    await refusal(store.put("bronze/tenant=globex/sales/orders/x.json", "x"));
    await refusal(store.delete([ACME, GLOBEX]));
    await refusal(() => store.list("bronze/tenant=globex/"));
    const tenantless = await refusal(() => store.list("bronze/sales/orders/"));
    expect(tenantless.message).toMatch(/did you mean bronze\/tenant=acme\/sales\/orders\?$/);
    expect(touched).toEqual([]);
    // The batch with one key outside deleted nothing, not even the tenant's own key.
    expect(existsSync(inner.uri(ACME))).toBe(true);
  });

  it("reads, writes and deletes inside the tenant's prefixes", async () => {
    const { store, inner } = await twoTenantLake();
    expect(new TextDecoder().decode(await store.read(ACME))).toBe("x");
    expect((await store.head(ACME)).key).toBe(ACME);
    await store.delete([ACME]);
    expect(existsSync(inner.uri(ACME))).toBe(false);
  });

  it("says a layer is no object rather than refusing it", async () => {
    const { store } = await twoTenantLake();
    await expect(store.head("silver")).rejects.toBeInstanceOf(NotFoundError);
  });
});
