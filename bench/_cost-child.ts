// One cost breakdown in a process of its own, so its peak RSS is its own: prints one JSON line.
import { CostAggregate } from "../src/cost/aggregate.js";
import { breakdown } from "../src/cost/breakdown.js";
import { scanListing } from "../src/cost/listing.js";
import { priceTable } from "../src/cost/price-table.js";
import { reportReader, scanInventory } from "../src/cost/s3-inventory.js";
import { LocalStore } from "../src/storage/local-store.js";
import type { ObjectStore } from "../src/storage/object-store.js";

const [mode = "", a = "", b = "", c = ""] = process.argv.slice(2);
const start = performance.now();
const aggregate = new CostAggregate();
if (mode === "inventory") {
  await scanInventory(a, aggregate, {
    read: reportReader(() => Promise.reject(new Error("local only"))),
    prefix: "",
  });
} else {
  let store: ObjectStore;
  if (mode === "local") store = new LocalStore(a);
  else {
    const { S3Store } = await import("../src/storage/s3-store.js");
    store = new S3Store({ endpointUrl: a, bucket: b, prefix: c });
  }
  await scanListing(store, aggregate, "", { concurrency: 8 });
}
const result = breakdown(aggregate, priceTable("us-east-1"));
const ms = performance.now() - start;
process.stdout.write(
  `${JSON.stringify({ objects: result.total.objects, bytes: result.total.bytes, monthly: result.total.monthly, ms, rssMB: process.resourceUsage().maxRSS / 1024 })}\n`,
);
