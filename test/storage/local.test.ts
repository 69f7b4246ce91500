import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import { LocalStore } from "../../src/storage/local-store.js";
import { objectStoreContract } from "./contract.js";

const folders: string[] = [];
afterAll(async () => {
  await Promise.all(folders.map((f) => rm(f, { recursive: true, force: true })));
});

objectStoreContract("local folder", {
  async open() {
    const folder = await mkdtemp(path.join(tmpdir(), "medallion-contract-"));
    folders.push(folder);
    return new LocalStore(folder);
  },
  infrequentAccessClass: "STANDARD",
});
