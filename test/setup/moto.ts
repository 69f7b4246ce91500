import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** http://127.0.0.1:PORT of the moto_server the suite shares (S3, Glue, Athena). */
    motoEndpoint: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilUp(endpoint: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`moto_server exited with code ${child.exitCode} before it was ready`);
    try {
      const res = await fetch(`${endpoint}/moto-api/`);
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`moto_server did not answer on ${endpoint} within 30 s`);
}

/** Starts one real S3/Glue/Athena endpoint on 127.0.0.1 for the whole run; never skips. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const found = spawnSync("moto_server", ["--help"], { stdio: "ignore" });
  if (found.error) {
    throw new Error(
      'moto_server not found: install it with `pip install "moto[server]"` (the S3/Glue tests need it)',
    );
  }
  const port = await freePort();
  const child = spawn("moto_server", ["-H", "127.0.0.1", "-p", String(port)], { stdio: "ignore" });
  const endpoint = `http://127.0.0.1:${port}`;
  await waitUntilUp(endpoint, child);
  project.provide("motoEndpoint", endpoint);
  return async () => {
    child.kill("SIGTERM");
  };
}
