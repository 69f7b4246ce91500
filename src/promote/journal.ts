import { createHash, randomBytes } from "node:crypto";
import { MedallionError, NotFoundError } from "../errors.js";
import type { ObjectStore } from "../storage/object-store.js";
import type { JournalStep, PromotionRun } from "./types.js";

/** The tool's own state, outside every layer: never under a table's location, never globbed. */
export const RUNS_PREFIX = "_medallion/runs/";
export const STAGING_PREFIX = "_medallion/staging/";

/**
 * A run's journal is its record (`<id>.json`: the whole run as of its last rewrite) and, after it, one
 * small object per step line (`<id>/<seq>-<state>-<step>`), so a step costs its own bytes, not the whole
 * run's again: a 730-partition promotion writes its 0.5 MB record a few times, not 1,470 times
 * (bench/journal.ts). Each write is one atomic put; the record is rewritten when the run itself changes
 * (staged outputs, committed, rolled back) and then takes in the step lines, which are deleted after.
 */
export const runKey = (id: string) => `${RUNS_PREFIX}${id}.json`;
const stepsPrefix = (id: string) => `${RUNS_PREFIX}${id}/`;
/** The longest step name a line's key holds: a local file name stops at 255 bytes. */
const NAME_IN_KEY = 180;
/** The key names the step (read back from a listing); a longer name is in the line's body only. */
const stepKey = (id: string, seq: number, entry: JournalStep) => {
  const name = encodeURIComponent(entry.step);
  const tail =
    name.length <= NAME_IN_KEY
      ? name
      : `~${createHash("sha256").update(entry.step).digest("hex").slice(0, 16)}`;
  return `${stepsPrefix(id)}${String(seq).padStart(6, "0")}-${entry.state}-${tail}`;
};

interface StepLine {
  seq: number;
  key: string;
  entry: JournalStep;
}

/** A step line's key back to its place in the run's steps and the step (its time is the object's). */
function stepOf(key: string, lastModified: Date): StepLine | undefined {
  const m = /^(\d{6,})-(started|done)-(.+)$/.exec(key.slice(key.lastIndexOf("/") + 1));
  if (!m) return undefined;
  const state = m[2] as JournalStep["state"];
  const step = (m[3] as string).startsWith("~") ? "" : decodeURIComponent(m[3] as string);
  return { seq: Number(m[1]), key, entry: { step, state, at: lastModified.toISOString() } };
}

/** The run's steps: its record's, then the step lines written after it, in order. */
async function withSteps(store: ObjectStore, run: PromotionRun, lines: StepLine[]): Promise<PromotionRun> {
  const after = lines.filter((l) => l.seq >= run.steps.length).sort((a, b) => a.seq - b.seq);
  for (const line of after) {
    // A gap means a line is lost; what follows it cannot be trusted to be in order (never happens: each
    // line is written after the one before it has been).
    if (line.seq !== run.steps.length) break;
    const entry = line.entry.step
      ? line.entry
      : (JSON.parse(new TextDecoder().decode(await store.read(line.key))) as JournalStep);
    run.steps.push(entry);
  }
  journaledRuns.add(run);
  return run;
}

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
 * MEDALLION_KILL_AT_JOURNAL_WRITE=n kills this process with SIGKILL right after its n-th journal write
 * (the record or a step line): how the tests stop a promotion at each step of its commit.
 */
function journalWritten(): void {
  journalWrites += 1;
  if (Number(process.env.MEDALLION_KILL_AT_JOURNAL_WRITE) === journalWrites)
    process.kill(process.pid, "SIGKILL");
}

/** Runs whose record is in the lake (saved or loaded here): their next step lines can be appended. */
const journaledRuns = new WeakSet<PromotionRun>();

/**
 * Writes the run's record (one atomic put) with every step so far, then deletes the step lines it took
 * in. Killed in between, the lines left are older than the record's steps and are ignored when read.
 */
export async function saveRun(store: ObjectStore, run: PromotionRun): Promise<void> {
  await store.put(runKey(run.id), `${JSON.stringify(run)}\n`, { contentType: "application/json" });
  journaledRuns.add(run);
  journalWritten();
  const lines: string[] = [];
  for await (const page of store.list(stepsPrefix(run.id))) lines.push(...page.objects.map((o) => o.key));
  if (lines.length > 0) await store.delete(lines);
}

/** Appends one step line (a small object of its own); a run with no record yet gets its record. */
async function appendStep(store: ObjectStore, run: PromotionRun, entry: JournalStep): Promise<void> {
  run.steps.push(entry);
  if (!journaledRuns.has(run)) return saveRun(store, run);
  await store.put(stepKey(run.id, run.steps.length - 1, entry), `${JSON.stringify(entry)}\n`, {
    contentType: "application/json",
  });
  journalWritten();
}

export async function loadRun(store: ObjectStore, id: string): Promise<PromotionRun> {
  const lines: StepLine[] = [];
  for await (const page of store.list(stepsPrefix(id)))
    for (const o of page.objects) {
      const line = stepOf(o.key, o.lastModified);
      if (line) lines.push(line);
    }
  return withSteps(store, await readRecord(store, id), lines);
}

async function readRecord(store: ObjectStore, id: string): Promise<PromotionRun> {
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
  const lines = new Map<string, StepLine[]>();
  for await (const page of store.list(RUNS_PREFIX)) {
    for (const object of page.objects) {
      const name = object.key.slice(RUNS_PREFIX.length);
      if (name.endsWith(".json") && !name.includes("/")) ids.push(name.slice(0, -".json".length));
      const slash = name.indexOf("/");
      const line = slash > 0 ? stepOf(object.key, object.lastModified) : undefined;
      if (line) lines.set(name.slice(0, slash), [...(lines.get(name.slice(0, slash)) ?? []), line]);
    }
  }
  const runs = await Promise.all(
    ids.map(async (id) => withSteps(store, await readRecord(store, id), lines.get(id) ?? [])),
  );
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

/**
 * Records `step` started, does it, records it done; a step already done is skipped (resume). A step whose
 * work changes the run (`changesRun`: the stage's outputs and counts, the cleanup's sweep time) has its
 * done recorded by rewriting the record; the others append a step line.
 */
export async function journaled(
  store: ObjectStore,
  run: PromotionRun,
  step: string,
  work: () => Promise<void>,
  changesRun = false,
): Promise<void> {
  if (isDone(run, step)) return;
  const entry = (state: JournalStep["state"]): JournalStep => ({ step, state, at: new Date().toISOString() });
  await appendStep(store, run, entry("started"));
  await work();
  if (!changesRun) return appendStep(store, run, entry("done"));
  run.steps.push(entry("done"));
  await saveRun(store, run);
}
