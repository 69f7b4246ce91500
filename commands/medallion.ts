#!/usr/bin/env node
// Entry point. Subcommands are registered here; each one imports its heavy modules lazily
// inside its action so that `medallion --help` and the TUI's first frame stay fast.
import { register as catalog } from "./catalog.js";
import { register as demo } from "./demo.js";
import { register as diff } from "./diff.js";
import { register as ls } from "./ls.js";
import { register as preview } from "./preview.js";
import { buildProgram } from "./program.js";
import { register as schema } from "./schema.js";
import { register as sync } from "./sync.js";

// The AWS SDK warns on Node 20 about its releases after January 2027; ours are pinned and Node 20 is
// supported, so a user would only see noise above every S3 listing.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const program = buildProgram([demo, ls, preview, schema, diff, sync, catalog]);

program.action(() => {
  // The TUI arrives with the browser issue; until then `medallion` alone prints help.
  program.outputHelp();
});

await program.parseAsync(process.argv);
