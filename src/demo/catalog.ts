import path from "node:path";
import { openCatalog } from "../catalog/index.js";
import { loadConfig } from "../config/index.js";
import { errorLine, MedallionError } from "../errors.js";
import { openLake } from "../lake/index.js";
import { diffTable, planSync, syncTables } from "../sync/index.js";
import { DEMO_TENANT_TABLES } from "./tables.js";

/** Newest partitions of each table left unregistered, so a new user sees `medallion diff` find them. */
const HELD_BACK: Record<string, number> = {
  "bronze/sales/orders": 2,
  "bronze/sales/customers": 1,
};

/** The table that also gets one stale entry: a day before its first, with no folder in storage. */
const STALE_IN = "bronze/sales/orders";

export interface DemoCatalogSummary {
  tables: number;
  registered: number;
  unregistered: number;
  stale: number;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** The day before `year/month/day` values, in the same form. */
function dayBefore([year, month, day]: string[]): string[] {
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day) - 1));
  return [String(date.getUTCFullYear()), pad(date.getUTCMonth() + 1), pad(date.getUTCDate())];
}

/**
 * The demo's catalog step: registers every table of the demo lake at `dir` in its local catalog, with
 * all partitions but the newest few, plus one stale entry, so the demo opens on a real diff.
 */
export async function registerDemoCatalog(dir: string): Promise<DemoCatalogSummary> {
  const config = loadConfig({ config: path.join(dir, "medallion.yaml") });
  const lake = openLake(config);
  const catalog = openCatalog(config);
  const summary: DemoCatalogSummary = { tables: 0, registered: 0, unregistered: 0, stale: 0 };
  try {
    // Silver and gold are registered by their promotions, as they are written.
    const bronze = Object.keys(config.tables).filter((t) => t.startsWith("bronze/"));
    for (const tablePath of [...bronze, ...DEMO_TENANT_TABLES.map((t) => t.path)]) {
      const diff = await diffTable(lake, catalog, tablePath);
      const plan = planSync(diff, { catalogKind: catalog.kind });
      const held = Math.min(HELD_BACK[tablePath] ?? 0, plan.adds.length);
      const adds = plan.adds.slice(0, plan.adds.length - held);
      const [result] = await syncTables(lake.store, catalog, [{ ...plan, adds, calls: plan.calls }]);
      if (!result || result.failed.length > 0) {
        throw new Error(result?.failed[0]?.message ?? "nothing was registered");
      }
      summary.tables++;
      summary.registered += result.added;
      summary.unregistered += held;
      const first = adds[0];
      if (tablePath === STALE_IN && first) {
        const values = dayBefore(first.values);
        const keys = diff.table.partitionKeys;
        const location = `${diff.table.location}/${keys.map((k, i) => `${k}=${values[i]}`).join("/")}/`;
        await catalog.addPartitions(diff.table.database, diff.table.name, [
          { values, location, format: first.format },
        ]);
        summary.stale++;
      }
    }
    return summary;
  } catch (err) {
    throw new MedallionError(
      "usage",
      `the demo lake is written to ${dir}, but registering its tables in the local catalog failed (${errorLine(err)}): run \`medallion sync --yes\` there`,
    );
  } finally {
    await catalog.close?.();
  }
}
