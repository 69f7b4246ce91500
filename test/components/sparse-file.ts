import { mkdirSync, truncateSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";

const DAY = 86_400_000;

/** A sparse file of `bytes` at `key` under `root` (a local lake prices what stat says), last modified `days` ago. */
export function sparseFile(root: string, key: string, bytes: number, days: number): void {
  const file = path.join(root, ...key.split("/"));
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, "");
  truncateSync(file, bytes);
  const when = new Date(Date.now() - days * DAY);
  utimesSync(file, when, when);
}
