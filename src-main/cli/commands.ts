import { agentCommand } from './agent-command';
import type { CliCommand } from './command';
import { parseCommand } from './parse-command';
import { adviseCommand } from './advise-command';
import { simCommand } from './sim-command';
import { webCommand } from './web-command';

/** Every `vslicer` subcommand; each lives in its own module. */
export const commands: readonly CliCommand[] = [
  webCommand,
  agentCommand,
  simCommand,
  parseCommand,
  adviseCommand,
];
