import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { MedallionError } from "../errors.js";
import type { Lake } from "../lake/lake.js";
import { stagingPrefix } from "../promote/journal.js";
import { fingerprint } from "../promote/partitions.js";
import type { PromotionRun } from "../promote/types.js";
import { bronzeTable, prepareFiles, stagedKey, uploadStaged } from "./ingest.js";
import { bronzeName } from "./prepare.js";
import { openSource, type SourceFile } from "./sources.js";

const baseName = (key: string) => key.slice(key.lastIndexOf("/") + 1);

/**
 * Finishes the staging of an ingest killed while it uploaded its files (`runs resume`). A staged object
 * is there whole or not at all (one atomic put each), so the run's objects that are there at the size
 * the run recorded for their partition stay; the others are prepared again from their source file, with
 * the run's ingestion time (the rows the run would have staged), once the source file is checked to be
 * the one the run read (its size and ETag or time: the run's fingerprint). When that cannot be, the
 * error says why, and `runs rollback` then ingesting again is the way.
 */
export async function restageIngest(
  lake: Lake,
  run: PromotionRun,
  say: (status: string) => void = () => undefined,
): Promise<void> {
  const ref = bronzeTable(lake, run.target);
  const sizes = new Map<string, number>();
  for await (const page of lake.store.list(`${stagingPrefix(run.id)}new/`))
    for (const o of page.objects) sizes.set(o.key, o.size);
  // A partition's objects all there and adding up to its recorded size are whole; else all go again.
  const missing = new Set<string>();
  for (const out of run.outputs) {
    for (const p of out.partitions) {
      const there = p.stagedKeys.reduce((n, k) => n + (sizes.get(k) ?? Number.NaN), 0);
      if (there !== p.bytes) for (const k of p.stagedKeys) missing.add(k);
    }
  }
  if (missing.size === 0) return;
  const names = new Set([...missing].map(baseName));
  const needed = run.inputs.filter((i) => names.has(bronzeName({ uri: i.table })));
  const unknown = [...names].find((n) => !needed.some((i) => bronzeName({ uri: i.table }) === n));
  if (unknown) throw cannot(run, `no source file of its journal gives ${unknown}`);
  const source = await openSource(lake.config, run.sources[0] as string).catch((err) => {
    throw cannot(run, `its source ${run.sources[0]} cannot be read (${(err as Error).message})`);
  });
  const files: SourceFile[] = [];
  for (const input of needed) {
    const file = source.files.find((f) => f.uri === input.table);
    if (!file) throw cannot(run, `its source file ${input.table} is gone`);
    if (fingerprint([file.object]) !== input.fingerprint)
      throw cannot(run, `its source file ${file.uri} changed since the run read it (its size, ETag or time)`);
    files.push(file);
  }
  const scratch = await mkdtemp(path.join(tmpdir(), "medallion-ingest-"));
  try {
    const prepared = await prepareFiles(lake, ref, source, files, {
      ingestedAt: new Date(run.createdAt),
      scratch,
      onProgress: say,
    });
    const staged = new Map<string, string>();
    for (const p of prepared) {
      for (const written of p.partitions) {
        const key = stagedKey(run.id, ref.path, written.path, written.name);
        if (missing.has(key)) staged.set(key, written.file);
      }
    }
    const short = [...missing].find((k) => !staged.has(k));
    if (short) throw cannot(run, `its source no longer gives ${short} (its rows land elsewhere now)`);
    await uploadStaged(lake, staged, ref.format, say);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

const cannot = (run: PromotionRun, why: string) =>
  new MedallionError(
    "conflict",
    `ingest run ${run.id} stopped before its files were all staged and cannot be staged again: ${why}; nothing of it is committed: \`medallion runs rollback ${run.id}\`, then ingest again`,
  );
