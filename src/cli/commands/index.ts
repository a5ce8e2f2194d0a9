import type { CliCommand } from '../command';
import { alertsCommand } from './alerts';
import { silenceCommands } from './silence';
import { promqlCommand } from './promql';
import { runbookCellsCommand } from './runbook-cells';
import { runbookRoundtripCommand } from './runbook-roundtrip';
import { runbookCheckCommand } from './runbook-check';
import { postmortemCommands } from './postmortem';
import { promptsCommands } from './prompts';
import { kubectlCommand } from './kubectl';

/** Every CLI subcommand. Add one import and one entry per command. */
export const commands: CliCommand[] = [alertsCommand, ...silenceCommands, promqlCommand, runbookCellsCommand, runbookRoundtripCommand, runbookCheckCommand, ...postmortemCommands, ...promptsCommands, kubectlCommand];
