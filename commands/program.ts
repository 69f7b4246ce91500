import { Command, CommanderError } from "commander";
import { closest, didYouMean } from "../src/lake/not-found.js";
import { addGlobalOptions, EXIT, reportError, usageError } from "./context.js";

/** A subcommand file exports one `register` that adds itself to the program. */
export type Register = (program: Command) => void;

export function buildProgram(registers: Register[]): Command {
  const program = addGlobalOptions(
    new Command("medallion")
      .description(
        "Browse, preview, promote, diff, sync and cost a medallion data lake (bronze → silver → gold) on S3 or a local folder.\nRun with no command to open the terminal UI.",
      )
      .version(process.env.npm_package_version ?? "0.1.0")
      // Usage errors are thrown (see runProgram) and reported in our one-line form, not printed here.
      .exitOverride()
      .configureOutput({ outputError: () => undefined }),
  );
  for (const register of registers) register(program);
  // Only the root takes stray words, so that `medallion bogus` reaches checkNoCommand, not "too many arguments".
  program.allowExcessArguments(true);
  showGlobalOptionsEverywhere(program);
  return program;
}

/** `medallion bogus`: the root's action gets the word; say it is no command, and which one was meant. */
export function checkNoCommand(program: Command): void {
  const [word] = program.args;
  if (word === undefined) return;
  const names = program.commands.map((c) => c.name());
  throw usageError(
    `unknown command '${word}'${didYouMean(closest(word, names))} (run \`medallion --help\` for usage)`,
  );
}

/** Parses and runs; --help and --version end with 0, every usage error with 2 (1 means "found something"). */
export async function runProgram(program: Command, argv: string[]): Promise<void> {
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    if (err.exitCode === 0) {
      process.exitCode = EXIT.ok;
      return;
    }
    // `medallion catalog` alone prints its help on stderr: that says enough.
    if (err.code !== "commander.help") {
      const message = err.message.replace(/^error: /, "");
      reportError(usageError(`${message} (run \`medallion --help\` for usage)`), argv.includes("--json"));
    }
    process.exitCode = EXIT.error;
  }
}

/** Every subcommand's --help lists the shared flags (--lake, --endpoint-url, --read-only, …) too. */
function showGlobalOptionsEverywhere(command: Command): void {
  for (const sub of command.commands) {
    sub.configureHelp({ ...sub.configureHelp(), showGlobalOptions: true });
    showGlobalOptionsEverywhere(sub);
  }
}
