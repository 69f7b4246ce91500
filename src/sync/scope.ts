import { MedallionError } from "../errors.js";
import { type Lake, tablePath } from "../lake/index.js";
import { closest, didYouMean } from "../lake/not-found.js";

/** What a diff or sync covers: one table, one layer, or the whole lake. */
export type SyncScope = { kind: "table"; path: string } | { kind: "layer"; layer: string } | { kind: "lake" };

/** Reads `silver/sales/orders`, `silver`, an s3:// URI or a folder path, or nothing (the whole lake). */
export function resolveScope(lake: Lake, location: string | undefined): SyncScope {
  if (location === undefined || location === "" || location === ".") return { kind: "lake" };
  const key = lake.resolve(location);
  const bare = key.replace(/\/+$/, "");
  if (bare === "") return { kind: "lake" };
  if (lake.layout.layers.includes(bare)) return { kind: "layer", layer: bare };
  const p = lake.parse(`${bare}/`);
  const path = tablePath(p);
  if (
    path !== undefined &&
    p.partition.length === 0 &&
    p.layer !== undefined &&
    lake.layout.layers.includes(p.layer)
  ) {
    return { kind: "table", path };
  }
  // A mistyped layer (`silvr/sales/orders`) is the likeliest slip: suggest the path with the layer fixed.
  const [first = "", ...rest] = bare.split("/");
  const layer = lake.layout.layers.includes(first) ? undefined : closest(first, lake.layout.layers);
  throw new MedallionError(
    "usage",
    `\`${location}\` is neither a table nor a layer: give layer/domain/table (e.g. ${lake.layout.layers[1]}/sales/orders) or a layer (${lake.layout.layers.join(", ")})${didYouMean(layer && [layer, ...rest].join("/"))}`,
  );
}

export function layersOf(lake: Lake, scope: SyncScope): string[] {
  if (scope.kind === "layer") return [scope.layer];
  if (scope.kind === "table") return [scope.path.split("/")[0] as string];
  return [...lake.layout.layers];
}
