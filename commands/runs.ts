import type { Command } from "commander";
import { ReadOnlyError } from "../src/errors.js";
import { action, configFor, EXIT, printJson, usageError } from "./context.js";

const EXAMPLES = `
Examples:
  medallion runs                          every promotion run, oldest first
  medallion runs show <id>                its journal: inputs, outputs, steps
  medallion runs resume <id>              finish an interrupted run from the step it stopped at
  medallion runs rollback <id>            undo an interrupted run (files and catalog as before it)
  medallion runs sweep                    delete previous versions kept past promote.gracePeriod`;

export function register(program: Command): void {
  program
    .command("runs")
    .addHelpText("after", EXAMPLES)
    .description(
      "List promotion runs (journals in _medallion/runs/), show one, resume or roll back an unfinished one",
    )
    .argument("[action]", "list, show, resume, rollback or sweep", "list")
    .argument("[id]", "the run id (show, resume, rollback)")
    .option("--json", "print one JSON document")
    .action(
      action(async (verb: string, id: string | undefined, opts: { json?: boolean }, cmd: Command) => {
        if (!["list", "show", "resume", "rollback", "sweep"].includes(verb)) {
          throw usageError(`runs ${verb}: expected list, show, resume, rollback or sweep`);
        }
        if (verb !== "list" && verb !== "sweep" && !id)
          throw usageError(`runs ${verb} needs a run id: \`medallion runs\` lists them`);
        const [{ openLake }, promotion] = await Promise.all([
          import("../src/lake/index.js"),
          import("../src/promote/index.js"),
        ]);
        const lake = openLake(configFor(cmd));
        try {
          const say = (lines: string[]) => process.stdout.write(`${lines.join("\n")}\n`);
          if (verb === "sweep") {
            if (lake.readOnly) throw new ReadOnlyError("runs sweep");
            const swept = await promotion.sweepStaging(lake.store);
            if (opts.json) printJson({ swept });
            else say([swept.length > 0 ? `swept the staging of ${swept.join(", ")}` : "nothing to sweep"]);
            return EXIT.ok;
          }
          if (verb === "list") {
            const runs = await promotion.listRuns(lake.store);
            if (opts.json) printJson(runs.map(({ steps: _steps, outputs: _outputs, ...run }) => run));
            else say(runs.length > 0 ? runs.map(promotion.runLine) : ["no promotion runs yet"]);
            return EXIT.ok;
          }
          // Ctrl-C stops a resumed Athena run's running query and leaves the run to resume again.
          const cancel = new AbortController();
          const onInterrupt = () => cancel.abort(new Error("interrupted"));
          if (verb === "resume" && (await promotion.loadRun(lake.store, id as string)).engine === "athena")
            process.once("SIGINT", onInterrupt);
          const run =
            verb === "show"
              ? await promotion.loadRun(lake.store, id as string)
              : verb === "resume"
                ? await promotion
                    .resumeRun(lake, id as string, {
                      signal: cancel.signal,
                      onProgress: (s) => process.stderr.isTTY && process.stderr.write(`\r\x1b[K${s}`),
                    })
                    .finally(() => process.off("SIGINT", onInterrupt))
                : await promotion.rollback(lake, id as string);
          if (process.stderr.isTTY) process.stderr.write("\r\x1b[K");
          if (opts.json) printJson(run);
          else say(promotion.runLines(run));
          return EXIT.ok;
        } finally {
          await lake.close();
        }
      }),
    );
}
