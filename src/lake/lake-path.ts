import { escapePartitionValue, findBadEscape, partitionSegment, unescapePartitionValue } from "./escape.js";
import { valueAnomaly } from "./partition-anomalies.js";
import type { Anomaly, AnomalyKind, LakeLayout, LakePath, PartitionValue } from "./types.js";

const TENANT = "tenant=";

import { isHiddenName } from "../storage/hidden-name.js";

export { isHiddenName };

function anomaly(kind: AnomalyKind, segment: string, message: string): Anomaly {
  return { kind, segment, message };
}

/** The table's path: `bronze/sales/orders`, or `bronze/tenant=acme/sales/orders`; undefined above table level. */
export function tablePath(p: Pick<LakePath, "layer" | "tenant" | "domain" | "table">): string | undefined {
  if (p.layer === undefined || p.domain === undefined || p.table === undefined) return undefined;
  const tenant = p.tenant === undefined ? [] : [`${TENANT}${escapePartitionValue(p.tenant)}`];
  return [p.layer, ...tenant, p.domain, p.table].join("/");
}

/** The listing prefix of partition levels under a table: `year=2024/month=01/` (empty for none). */
export function partitionPrefix(values: PartitionValue[]): string {
  return values.map((v) => `${partitionSegment(v.key, v.value)}/`).join("");
}

/** The key a lake path names: a file key, or a folder prefix ending in `/` (empty for the root). */
export function formatLakePath(p: LakePath): string {
  const parts: string[] = [];
  if (p.layer !== undefined) parts.push(p.layer);
  if (p.tenant !== undefined) parts.push(`${TENANT}${escapePartitionValue(p.tenant)}`);
  if (p.domain !== undefined) parts.push(p.domain);
  if (p.table !== undefined) parts.push(p.table);
  const folder = parts.map((s) => `${s}/`).join("") + partitionPrefix(p.partition);
  return p.file === undefined ? folder : folder + p.file;
}

/** Declared partition keys of a table: its own entry, else (multi-tenant) the entry without the tenant. */
export function declaredKeys(layout: LakeLayout, p: LakePath): string[] | undefined {
  const own = tablePath(p);
  if (own === undefined) return undefined;
  const keys = layout.partitionKeys[own];
  if (keys !== undefined || p.tenant === undefined) return keys;
  return layout.partitionKeys[tablePath({ ...p, tenant: undefined }) as string];
}

/** Splits `key=value` and unescapes both, noting bad escapes and empty values. */
function parsePartitionSegment(segment: string, where: string, anomalies: Anomaly[]): PartitionValue {
  const eq = segment.indexOf("=");
  const rawKey = segment.slice(0, eq);
  const rawValue = segment.slice(eq + 1);
  const bad = findBadEscape(rawKey) ?? findBadEscape(rawValue);
  if (bad !== undefined) {
    anomalies.push(
      anomaly(
        "bad-escape",
        segment,
        `"${segment}" under ${where} has a malformed escape "${bad}" (Hive escapes as %XX)`,
      ),
    );
  }
  if (rawValue === "") {
    anomalies.push(
      anomaly(
        "empty-value",
        segment,
        `"${segment}" under ${where} has no value (Hive writes __HIVE_DEFAULT_PARTITION__)`,
      ),
    );
    return { key: unescapePartitionValue(rawKey) ?? "", value: "" };
  }
  return { key: unescapePartitionValue(rawKey) ?? "", value: unescapePartitionValue(rawValue) };
}

/**
 * The partition below a table as keys and values (`year=2024/month=01` → year 2024, month 01), unescaped
 * as Hive escapes them; segments without `=` are not partitions and are left out.
 */
export function partitionValuesOf(name: string): PartitionValue[] {
  const ignored: Anomaly[] = [];
  return name
    .split("/")
    .filter((segment) => segment.includes("="))
    .map((segment) => parsePartitionSegment(segment, name, ignored));
}

/**
 * Splits a key under the lake root into layer, tenant, domain, table, partition and file.
 * A trailing `/` names a folder; otherwise the last segment is a file. What does not fit the
 * model is reported in `anomalies`; this never throws.
 */
export function parseLakePath(key: string, layout: LakeLayout): LakePath {
  const isFolder = key === "" || key.endsWith("/");
  const segments = key.split("/").filter((s, i, all) => !(s === "" && i === all.length - 1));
  const file = isFolder ? undefined : segments.pop();
  const p: LakePath = { partition: [], anomalies: [] };
  if (file !== undefined) p.file = file;
  const [layer, ...rest] = segments;
  if (layer === undefined) return p; // a file at the root (e.g. medallion.yaml) or the root itself
  p.layer = layer;
  // The tool's own state and engines' hidden folders are not part of the lake model.
  const quiet = isHiddenName(layer);
  if (!quiet && !layout.layers.includes(layer)) {
    p.anomalies.push(
      anomaly(
        "unknown-layer",
        layer,
        `"${layer}" is not a layer of this lake (layers: ${layout.layers.join(", ")})`,
      ),
    );
  }
  if (rest[0]?.startsWith(TENANT)) {
    const segment = rest.shift() as string;
    const raw = segment.slice(TENANT.length);
    if (raw === "")
      p.anomalies.push(anomaly("empty-value", segment, `"${segment}" under ${layer} names no tenant`));
    const bad = findBadEscape(raw);
    if (bad !== undefined) {
      p.anomalies.push(
        anomaly("bad-escape", segment, `"${segment}" under ${layer} has a malformed escape "${bad}"`),
      );
    }
    p.tenant = unescapePartitionValue(raw) ?? "";
  }
  const [domain, table, ...partitionSegments] = rest;
  if (domain !== undefined) p.domain = domain;
  if (table !== undefined) p.table = table;

  if (table === undefined) {
    if (file !== undefined && !quiet && !isHiddenName(file)) {
      const expected = domain === undefined ? "domain folders" : "table folders";
      const where = [
        layer,
        ...(p.tenant === undefined ? [] : [`${TENANT}${p.tenant}`]),
        ...(domain ? [domain] : []),
      ];
      p.anomalies.push(
        anomaly(
          "stray-file",
          file,
          `file "${file}" sits in ${where.join("/")}, where ${expected} are expected`,
        ),
      );
    }
    if (quiet) p.anomalies = [];
    return p;
  }

  const where = tablePath(p) as string;
  const keys = declaredKeys(layout, p);
  let allKeyValue = true;
  for (const segment of partitionSegments) {
    if (!segment.includes("=")) {
      allKeyValue = false;
      p.anomalies.push(
        anomaly(
          "folder-without-equals",
          segment,
          `folder "${segment}" under ${where} is not a key=value partition${keys ? ` (expected ${keys[0]}=…)` : ""}`,
        ),
      );
      continue;
    }
    const value = parsePartitionSegment(segment, where, p.anomalies);
    const odd = value.value === "" ? undefined : valueAnomaly(value.key, value.value, segment, where);
    if (odd) p.anomalies.push(odd);
    if (value.key === "") {
      p.anomalies.push(
        anomaly("unknown-key", segment, `folder "${segment}" under ${where} has no partition key`),
      );
    } else if (keys !== undefined) {
      const expected = keys[p.partition.length];
      if (!keys.includes(value.key)) {
        p.anomalies.push(
          anomaly(
            "unknown-key",
            segment,
            `"${segment}" under ${where}: partition key "${value.key}" is not declared (declared: ${keys.join(", ")})`,
          ),
        );
      } else if (expected !== value.key) {
        p.anomalies.push(
          anomaly(
            "keys-out-of-order",
            segment,
            `"${segment}" under ${where} is out of order: expected ${expected ?? "no more partition levels"} (declared: ${keys.join(", ")})`,
          ),
        );
      }
    }
    p.partition.push(value);
  }

  const depth = partitionSegments.length;
  if (file !== undefined && keys !== undefined && allKeyValue && depth < keys.length && !isHiddenName(file)) {
    const at = depth === 0 ? where : `${where}/${partitionSegments.join("/")}`;
    p.anomalies.push(
      anomaly(
        "stray-file",
        file,
        `file "${file}" sits in ${at}, next to partition folders: partitions go ${keys.length} levels deep (${keys.join("/")})`,
      ),
    );
  }
  if (quiet) p.anomalies = [];
  return p;
}
