// What the lake costs beside S3: the Glue Data Catalog's objects (beyond the free million) and Athena's
// bytes scanned in the workgroup's query history; each says plainly when it cannot be counted.
import type { AthenaClient } from "@aws-sdk/client-athena";
import { mapBounded } from "../catalog/bounded.js";
import { databaseName } from "../config/index.js";
import { errorLine } from "../errors.js";
import type { Lake } from "../lake/lake.js";
import { athenaQueryCost, glueMonthlyCost } from "./price-model.js";
import type { PriceTable } from "./prices.js";

export interface ServiceCost {
  service: "Glue" | "Athena";
  /** False when nothing could be counted (not used, or not accessible): `detail` says why. */
  counted: boolean;
  /** Dollars a month (Athena: over the last 30 days of queries). */
  monthly: number;
  detail: string;
}

/** Queries read from the workgroup's history at most: enough for a month of most teams' use. */
export const ATHENA_MAX_QUERIES = 1000;
const DAY = 86_400_000;
const HISTORY_DAYS = 30;

export interface ServiceCostOptions {
  /** An Athena client (tests); otherwise one from the lake's connection settings. */
  athena?: AthenaClient;
  now?: number;
}

export async function serviceCosts(
  lake: Lake,
  prices: PriceTable,
  options: ServiceCostOptions = {},
): Promise<ServiceCost[]> {
  return [await glueCost(lake, prices), await athenaCost(lake, prices, options)];
}

async function glueCost(lake: Lake, prices: PriceTable): Promise<ServiceCost> {
  if (lake.config.catalog !== "glue") {
    return {
      service: "Glue",
      counted: false,
      monthly: 0,
      detail: "not used: the catalog is embedded (local)",
    };
  }
  try {
    const catalog = await lake.catalog();
    const layers = Object.values(lake.config.layers);
    let databases = 0;
    let tables = 0;
    let partitions = 0;
    for (const layer of layers) {
      const database = databaseName(lake.config, layer);
      const found = await catalog.listTables(database);
      if (found.length > 0) databases += 1;
      tables += found.length;
      await mapBounded(found, 4, async (t) => {
        for await (const page of catalog.listPartitions(database, t.name)) partitions += page.length;
      });
    }
    const objects = databases + tables + partitions;
    const monthly = glueMonthlyCost(prices, objects);
    return {
      service: "Glue",
      counted: true,
      monthly,
      detail:
        `${objects.toLocaleString("en-US")} catalog objects (${databases} databases, ${tables} tables, ${partitions.toLocaleString("en-US")} partitions); ` +
        `the first ${prices.glue.freeObjects.toLocaleString("en-US")} a month are free per account (other catalogs count too); ` +
        glueRequestsNote(prices),
    };
  } catch (err) {
    return { service: "Glue", counted: false, monthly: 0, detail: `not counted: ${errorLine(err)}` };
  }
}

/**
 * Glue's requests are priced (glueMonthlyCost) but not counted: Glue reports no request count, per catalog
 * or at all, and the requests of every client in the account (Athena, crawlers, jobs) share one free million.
 */
export function glueRequestsNote(prices: PriceTable): string {
  const g = prices.glue;
  return `requests: $${g.perMillionRequests.toFixed(2)} per million past the first ${g.freeRequests.toLocaleString("en-US")} a month, not counted (Glue reports no request count; every client in the account shares the free million)`;
}

async function athenaCost(lake: Lake, prices: PriceTable, options: ServiceCostOptions): Promise<ServiceCost> {
  const workgroup = lake.config.athena.workgroup;
  if (lake.config.root.kind !== "s3" && !options.athena) {
    return {
      service: "Athena",
      counted: false,
      monthly: 0,
      detail: "not used: a local lake is queried with DuckDB",
    };
  }
  const athena = await import("@aws-sdk/client-athena");
  let client = options.athena;
  if (!client) {
    const { awsSettings, createAwsClient } = await import("../aws/client.js");
    client = createAwsClient(athena.AthenaClient, awsSettings(lake.config), "Athena");
  }
  const since = (options.now ?? Date.now()) - HISTORY_DAYS * DAY;
  let queries = 0;
  let scanned = 0;
  let monthly = 0;
  let read = 0;
  let capped = false;
  try {
    let token: string | undefined;
    pages: do {
      const page = await client.send(
        new athena.ListQueryExecutionsCommand({ WorkGroup: workgroup, MaxResults: 50, NextToken: token }),
      );
      token = page.NextToken;
      const ids = page.QueryExecutionIds ?? [];
      if (ids.length === 0) break;
      const got = await client.send(new athena.BatchGetQueryExecutionCommand({ QueryExecutionIds: ids }));
      // Newest first: the history is read back to 30 days ago, or to the cap.
      for (const q of got.QueryExecutions ?? []) {
        read += 1;
        const submitted = q.Status?.SubmissionDateTime?.getTime() ?? 0;
        if (submitted < since) break pages;
        // Failed queries are not billed; cancelled ones are, for what they scanned.
        const state = q.Status?.State;
        if (state !== "SUCCEEDED" && state !== "CANCELLED") continue;
        const bytes = q.Statistics?.DataScannedInBytes ?? 0;
        queries += 1;
        scanned += bytes;
        monthly += athenaQueryCost(prices, bytes);
      }
      if (read >= ATHENA_MAX_QUERIES && token) {
        capped = true;
        break;
      }
    } while (token);
  } catch (err) {
    return {
      service: "Athena",
      counted: false,
      monthly: 0,
      detail: `not counted: the query history of workgroup ${workgroup} could not be read (${errorLine(err)})`,
    };
  } finally {
    if (!options.athena) client.destroy();
  }
  const { humanBytes } = await import("../lake/human.js");
  return {
    service: "Athena",
    counted: true,
    monthly,
    detail:
      `${queries.toLocaleString("en-US")} queries in workgroup ${workgroup} over the last ${HISTORY_DAYS} days scanned ${humanBytes(scanned)} (10 MB minimum each)` +
      (capped
        ? `; the newest ${ATHENA_MAX_QUERIES.toLocaleString("en-US")} only, so at least this much`
        : ""),
  };
}
