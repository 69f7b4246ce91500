import { Command } from "commander";
import { addGlobalOptions } from "./context.js";

/** A subcommand file exports one `register` that adds itself to the program. */
export type Register = (program: Command) => void;

export function buildProgram(registers: Register[]): Command {
  const program = addGlobalOptions(
    new Command("medallion")
      .description(
        "Browse, preview, promote, sync and cost a medallion data lake (bronze → silver → gold) on S3 or a local folder.\nRun with no command to open the terminal UI.",
      )
      .version(process.env.npm_package_version ?? "0.1.0")
      .showHelpAfterError("(run `medallion --help` for usage)"),
  );
  for (const register of registers) register(program);
  showGlobalOptionsEverywhere(program);
  return program;
}

/** Every subcommand's --help lists the shared flags (--lake, --endpoint-url, --read-only, …) too. */
function showGlobalOptionsEverywhere(command: Command): void {
  for (const sub of command.commands) {
    sub.configureHelp({ ...sub.configureHelp(), showGlobalOptions: true });
    showGlobalOptionsEverywhere(sub);
  }
}
