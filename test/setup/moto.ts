import { spawnSync } from "node:child_process";
import type { TestProject } from "vitest/node";
import { startMoto } from "../../bench/_moto.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** http://127.0.0.1:PORT of the moto_server the suite shares (S3, Glue, Athena). */
    motoEndpoint: string;
  }
}

/** Starts one real S3/Glue/Athena endpoint on 127.0.0.1 for the whole run; never skips. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const found = spawnSync("moto_server", ["--help"], { stdio: "ignore" });
  if (found.error) {
    throw new Error(
      'moto_server not found: install it with `pip install "moto[server]"` (the S3/Glue tests need it)',
    );
  }
  const moto = await startMoto();
  project.provide("motoEndpoint", moto.endpoint);
  return async () => moto.stop();
}
