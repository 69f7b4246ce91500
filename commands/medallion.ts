#!/usr/bin/env node
// Entry point. Subcommands are registered here; each one imports its heavy modules lazily
// inside its action so that `medallion --help` and the TUI's first frame stay fast.
import { onAwsRetry, retryLine } from "../src/aws/retry.js";
import { register as catalog } from "./catalog.js";
import { action, configFor } from "./context.js";
import { register as cost } from "./cost.js";
import { register as demo } from "./demo.js";
import { register as diff } from "./diff.js";
import { register as ingest } from "./ingest.js";
import { register as init } from "./init.js";
import { register as lifecycle } from "./lifecycle.js";
import { register as ls } from "./ls.js";
import { register as open } from "./open.js";
import { register as preview } from "./preview.js";
import { register as profile } from "./profile.js";
import { buildProgram, checkNoCommand, runProgram } from "./program.js";
import { register as promote } from "./promote.js";
import { register as query } from "./query.js";
import { register as runs } from "./runs.js";
import { register as schema } from "./schema.js";
import { register as start } from "./start.js";
import { register as sync } from "./sync.js";
import { register as tenant } from "./tenant.js";
import { uiHasTerminal } from "./tui-state.js";

// The AWS SDK warns on Node 20 about its releases after January 2027; ours are pinned and Node 20 is
// supported, so a user would only see noise above every S3 listing.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

// A reader that stops early (`medallion ls | head`) closes the pipe: end quietly with the status of a
// process the pipe signalled (128 + SIGPIPE), as `cat` and `ls` do, never with a stack trace, and never
// with 0, which a script could take for "in sync".
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code !== "EPIPE") throw err;
    process.exit(141);
  });
}

// Core code reports each AWS retry through a listener; the CLI shows them on stderr, the UI in its status line.
// While the UI has the terminal (`medallion`, `open`, `start`), lines on stderr would draw over it.
const stopRetryLines = onAwsRetry((event) => {
  if (event.kind === "retry" && !uiHasTerminal()) process.stderr.write(`medallion: ${retryLine(event)}\n`);
});

// One subcommand a line, in help order (so additions do not collide).
// biome-ignore format: one subcommand a line
const program = buildProgram([
  demo,
  ls,
  preview,
  schema,
  diff,
  sync,
  promote,
  runs,
  query,
  profile,
  ingest,
  catalog,
  cost,
  lifecycle,
  tenant,
  init,
  open,
  start,
]);

// `medallion` alone opens the terminal UI on the configured lake (no lake: one line saying how to get one).
program.action(
  action(async () => {
    checkNoCommand(program);
    const config = configFor(program);
    const { runTui } = await import("./tui.js");
    return runTui(config);
  }),
);

await runProgram(program, process.argv);
// A command has ended: requests still in flight (a parallel listing) may time out, but say nothing more.
stopRetryLines();
