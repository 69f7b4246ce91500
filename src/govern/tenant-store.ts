import { NotFoundError } from "../errors.js";
import { compareKeys } from "../storage/key-order.js";
import type { ListOptions, ListPage, ObjectInfo, ObjectStore } from "../storage/object-store.js";
import {
  aboveShown,
  fromReal,
  insideShown,
  OutsideTenantError,
  shownPrefixes,
  type TenantScope,
  toReal,
} from "./tenant-scope.js";

/**
 * The store as one tenant sees it: every request stays inside `<layer>/tenant=<id>/` and the tenant's
 * state (`_medallion/…` is kept under `_medallion/tenant=<id>/`). A key outside is refused before any
 * request; a listing above the scope (the root, a layer) is answered from the tenant's prefixes alone, so
 * the request log never names another tenant's keys and the tenant's IAM policy (`s3:prefix`) suffices.
 */
export function tenantStore(store: ObjectStore, scope: TenantScope): ObjectStore {
  const real = (action: string, key: string) => {
    // `silver` (a layer, a folder above the scope) is no object: not found, as it would be on S3.
    if (key === "" || aboveShown(scope, `${key}/`)) throw new NotFoundError(store.uri(key));
    if (!insideShown(scope, key)) throw new OutsideTenantError(scope, action, key);
    return toReal(scope, key);
  };
  const shown = (o: ObjectInfo): ObjectInfo => ({ ...o, key: fromReal(scope, o.key) });
  const scoped: ObjectStore = {
    kind: store.kind,
    root: store.root,
    get requests() {
      return store.requests;
    },
    uri: (key) => store.uri(insideShown(scope, key) ? toReal(scope, key) : key),
    list: (prefix, options) => {
      if (insideShown(scope, prefix)) return listInside(store, scope, prefix, options);
      if (aboveShown(scope, prefix)) return listAbove(store, scope, prefix, options);
      throw new OutsideTenantError(scope, "list", prefix);
    },
    head: async (key) => shown(await store.head(real("read", key))),
    read: async (key, range) => store.read(real("read", key), range),
    put: async (key, body, options) => store.put(real("write", key), body, options),
    delete: async (keys) => {
      const outside = keys.find((key) => !insideShown(scope, key));
      if (outside !== undefined) throw new OutsideTenantError(scope, "delete", outside);
      const result = await store.delete(keys.map((key) => toReal(scope, key)));
      return { ...result, errors: result.errors.map((e) => ({ ...e, key: fromReal(scope, e.key) })) };
    },
  };
  if (store.readTail) {
    const readTail = store.readTail.bind(store);
    scoped.readTail = async (key, length) => readTail(real("read", key), length);
  }
  return scoped;
}

async function* listInside(
  store: ObjectStore,
  scope: TenantScope,
  prefix: string,
  options: ListOptions | undefined,
): AsyncGenerator<ListPage> {
  const startAfter = options?.startAfter === undefined ? undefined : toReal(scope, options.startAfter);
  for await (const page of store.list(toReal(scope, prefix), { ...options, startAfter })) {
    yield {
      objects: page.objects.map((o) => ({ ...o, key: fromReal(scope, o.key) })),
      prefixes: page.prefixes.map((p) => fromReal(scope, p)),
    };
  }
}

/** Whether anything is stored under a prefix of the scope (one request of one key). */
async function holdsAnything(store: ObjectStore, scope: TenantScope, prefix: string): Promise<boolean> {
  for await (const page of store.list(toReal(scope, prefix), { pageSize: 1 })) {
    if (page.objects.length > 0) return true;
  }
  return false;
}

/**
 * A listing of the root or a layer: with `/` the next folder towards each of the tenant's prefixes that
 * holds anything; flat, the tenant's prefixes listed one after the other (in key order, so the whole is).
 */
async function* listAbove(
  store: ObjectStore,
  scope: TenantScope,
  prefix: string,
  options: ListOptions | undefined,
): AsyncGenerator<ListPage> {
  const below = shownPrefixes(scope)
    .filter((p) => p.startsWith(prefix))
    .sort(compareKeys);
  const after = options?.startAfter;
  if (options?.delimiter === "/") {
    const folders: string[] = [];
    for (const shown of below) {
      const folder = `${prefix}${shown.slice(prefix.length).split("/")[0]}/`;
      if (folders.includes(folder) || (after !== undefined && compareKeys(folder, after) <= 0)) continue;
      if (await holdsAnything(store, scope, shown)) folders.push(folder);
    }
    yield { objects: [], prefixes: folders };
    return;
  }
  if (options?.delimiter !== undefined) throw new OutsideTenantError(scope, "list", prefix);
  for (const shown of below) {
    // A prefix wholly before startAfter has nothing to give; one holding it starts after it.
    if (after !== undefined && !after.startsWith(shown) && compareKeys(shown, after) < 0) continue;
    const from = after?.startsWith(shown) ? after : undefined;
    yield* listInside(store, scope, shown, { ...options, startAfter: from });
  }
}
