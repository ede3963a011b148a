/** One `vslicer` subcommand. Commands write through `io` so tests can run them without a process. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** The whole of standard input (for `-` file arguments). */
  readStdin(): Promise<string>;
}

export interface CliCommand {
  /** First word after `vslicer`, e.g. `web`, `sim`, `parse`. */
  name: string;
  /** One line for `vslicer --help`. */
  summary: string;
  /** Runs with the words after the command name; resolves to the process exit status. */
  run(args: readonly string[], io: CliIo): Promise<number>;
}
