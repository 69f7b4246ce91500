// The built terminal UI (in tmux) on an S3 lake whose endpoint never answers: the status line shows
// each retry, the screen the final one-line error, and keys keep working throughout; q quits.
import { execFileSync, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { S3Store } from "../../src/storage/s3-store.js";
import { cli } from "../preview/_cli.js";
import { FaultServer } from "./fault-server.js";

const moto = inject("motoEndpoint");
const socket = `medallion-fault-tui-${process.pid}`;
const tmux = (...args: string[]) => execFileSync("tmux", ["-L", socket, ...args], { encoding: "utf8" });
const screen = (session: string) => tmux("capture-pane", "-p", "-t", session);

async function waitFor(session: string, test: (shown: string) => boolean, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const shown = screen(session);
    if (test(shown)) return shown;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; screen:\n${shown}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const waitForText = (session: string, text: string, timeoutMs?: number) =>
  waitFor(session, (s) => s.includes(text), JSON.stringify(text), timeoutMs);

let fault: FaultServer;
let dir: string;

beforeAll(async () => {
  if (!existsSync(cli)) throw new Error("dist/commands/medallion.js is missing: run `npm run build` first");
  const bucket = `fault-tui-${randomUUID().slice(0, 8)}`;
  await new S3Client({ endpoint: moto, forcePathStyle: true, region: "us-east-1" }).send(
    new CreateBucketCommand({ Bucket: bucket }),
  );
  await new S3Store({ bucket, prefix: "lake/", endpointUrl: moto }).put(
    "bronze/sales/orders/year=2024/part-0.json",
    '{"id":1}\n',
  );
  fault = await new FaultServer(moto).start();
  dir = mkdtempSync(path.join(tmpdir(), "medallion-fault-tui-"));
  writeFileSync(
    path.join(dir, "medallion.yaml"),
    `lake: s3://${bucket}/lake
catalog: glue
region: us-east-1
endpointUrl: ${fault.url}
network: { connectTimeout: 1, readTimeout: 2, retries: 2, throttleRetries: 1 }
`,
  );
}, 180_000);

afterAll(async () => {
  spawnSync("tmux", ["-L", socket, "kill-server"]);
  await fault.stop();
});

describe("the terminal UI facing an S3 endpoint that never answers", () => {
  it("shows each retry in the status line, then the one-line error, and stays responsive; q quits", async () => {
    const session = "silent";
    tmux(
      "new-session",
      "-d",
      "-s",
      session,
      "-x",
      "200",
      "-y",
      "24",
      `cd ${dir} && AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing node ${cli}; echo "EXITED:$?"; sleep 60`,
    );
    // The lake opens while the endpoint answers; then it stops answering and Enter opens bronze.
    await waitForText(session, "bronze/");
    fault.inject({ service: "S3", fault: "silent" });
    tmux("send-keys", "-t", session, "Enter");
    await waitForText(session, "S3 ListObjectsV2: no data for 2 s, retry 1/2…");
    // Keys work while the request waits: ? opens the help overlay, Esc closes it.
    tmux("send-keys", "-t", session, "?");
    await waitFor(session, (s) => /\bquit\b/.test(s) && s.includes("help"), "the help overlay");
    tmux("send-keys", "-t", session, "Escape");
    await waitForText(session, "retry 2/2…");
    const failed = await waitForText(session, "S3 ListObjectsV2 failed: no answer from");
    expect(failed).toContain(`no answer from ${fault.url} (no data for 2 s); retried 2 times`);
    expect(failed).not.toContain("retry 2/2…"); // the progress line has gone with the request
    expect(fault.faulted("S3").length).toBeGreaterThanOrEqual(3);
    tmux("send-keys", "-t", session, "q");
    const exited = await waitForText(session, "EXITED:", 10_000);
    expect(exited).toContain("EXITED:0");
  }, 120_000);
});
