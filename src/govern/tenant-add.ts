import { mkdir, stat } from "node:fs/promises";
import path from "node:path";
import { ReadOnlyError } from "../errors.js";
import type { Lake } from "../lake/lake.js";
import { realPrefixes } from "./tenant-scope.js";

export interface TenantPrefix {
  /** The prefix under the lake root: `bronze/tenant=acme/`, `_medallion/tenant=acme/`. */
  prefix: string;
  /** `created` (a local folder made), `exists` (already there, or holding data on S3), `on first write` (S3). */
  state: "created" | "exists" | "on first write";
}

/**
 * Makes room for a tenant: on a local lake its folder in each layer and in `_medallion/`; on S3 nothing is
 * written (S3 has no folders: a prefix appears with its first object, and a zero-byte `…/` marker would be
 * an object every engine lists under the layer), so each prefix is only checked. IAM is never touched.
 */
export async function addTenant(lake: Lake): Promise<TenantPrefix[]> {
  const scope = lake.tenant;
  if (scope === undefined) throw new Error("addTenant needs a lake opened with a tenant");
  if (lake.readOnly) throw new ReadOnlyError(`add tenant ${scope.tenant}`);
  const root = lake.config.root;
  const out: TenantPrefix[] = [];
  for (const prefix of realPrefixes(scope)) {
    if (root.kind === "local") {
      const folder = path.join(root.path, ...prefix.split("/").filter(Boolean));
      const existed = await stat(folder).then(
        (s) => s.isDirectory(),
        () => false,
      );
      if (!existed) await mkdir(folder, { recursive: true });
      out.push({ prefix, state: existed ? "exists" : "created" });
      continue;
    }
    out.push({ prefix, state: (await holdsData(lake, prefix)) ? "exists" : "on first write" });
  }
  return out;
}

async function holdsData(lake: Lake, prefix: string): Promise<boolean> {
  // The scoped store shows the tenant's state as `_medallion/`.
  const shown = prefix.startsWith("_medallion/") ? "_medallion/" : prefix;
  for await (const page of lake.store.list(shown, { pageSize: 1 })) if (page.objects.length > 0) return true;
  return false;
}
