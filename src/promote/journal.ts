import { randomBytes } from "node:crypto";
import { MedallionError, NotFoundError } from "../errors.js";
import type { ObjectStore } from "../storage/object-store.js";
import type { JournalStep, PromotionRun } from "./types.js";

/** The tool's own state, outside every layer: never under a table's location, never globbed. */
export const RUNS_PREFIX = "_medallion/runs/";
export const STAGING_PREFIX = "_medallion/staging/";

export const runKey = (id: string) => `${RUNS_PREFIX}${id}.json`;
export const stagingPrefix = (id: string) => `${STAGING_PREFIX}${id}/`;

/** A sortable run id: the UTC start time and a random tail (`20241115T103000Z-3fa9c1`). */
export function newRunId(now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  return `${stamp}-${randomBytes(3).toString("hex")}`;
}

let journalWrites = 0;

/**
 * Writes the journal (one atomic put). MEDALLION_KILL_AT_JOURNAL_WRITE=n kills this process with
 * SIGKILL right after its n-th journal write: how the tests stop a promotion at each step of its commit.
 */
export async function saveRun(store: ObjectStore, run: PromotionRun): Promise<void> {
  await store.put(runKey(run.id), `${JSON.stringify(run)}\n`, { contentType: "application/json" });
  journalWrites += 1;
  if (Number(process.env.MEDALLION_KILL_AT_JOURNAL_WRITE) === journalWrites)
    process.kill(process.pid, "SIGKILL");
}

export async function loadRun(store: ObjectStore, id: string): Promise<PromotionRun> {
  let bytes: Uint8Array;
  try {
    bytes = await store.read(runKey(id));
  } catch (err) {
    if (err instanceof NotFoundError) {
      throw new MedallionError(
        "not-found",
        `no run ${id} in ${store.uri(RUNS_PREFIX)}: \`medallion runs\` lists them`,
      );
    }
    throw err;
  }
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as PromotionRun;
  } catch {
    throw new MedallionError("corrupt", `${runKey(id)} is not a run journal (not JSON)`);
  }
}

/**
 * Every run in the lake, oldest first: by start time to the millisecond. Not by id alone: two runs
 * started within one second share the id's stamp, and their random tails would order them by chance.
 */
export async function listRuns(store: ObjectStore): Promise<PromotionRun[]> {
  const ids: string[] = [];
  for await (const page of store.list(RUNS_PREFIX)) {
    for (const object of page.objects) {
      const name = object.key.slice(RUNS_PREFIX.length);
      if (name.endsWith(".json") && !name.includes("/")) ids.push(name.slice(0, -".json".length));
    }
  }
  const runs = await Promise.all(ids.map((id) => loadRun(store, id)));
  return runs.sort((a, b) => byTime(a.createdAt, b.createdAt) || byTime(a.id, b.id));
}

const byTime = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Committed runs in the order they committed: the last one's input fingerprints are what silver holds. */
export const inCommitOrder = (runs: PromotionRun[]) =>
  runs
    .filter((r) => r.state === "committed")
    .sort((a, b) => byTime(a.finishedAt ?? a.createdAt, b.finishedAt ?? b.createdAt));

export const isDone = (run: PromotionRun, step: string) =>
  run.steps.some((s) => s.step === step && s.state === "done");

/** Records `step` started, does it, records it done; a step already done is skipped (resume). */
export async function journaled(
  store: ObjectStore,
  run: PromotionRun,
  step: string,
  work: () => Promise<void>,
): Promise<void> {
  if (isDone(run, step)) return;
  const entry = (state: JournalStep["state"]): JournalStep => ({ step, state, at: new Date().toISOString() });
  run.steps.push(entry("started"));
  await saveRun(store, run);
  await work();
  run.steps.push(entry("done"));
  await saveRun(store, run);
}
