import type { CliCommand } from '../command';
import { alertsCommand } from './alerts';
import { silenceCommands } from './silence';
import { promqlCommand } from './promql';

/** Every CLI subcommand. Add one import and one entry per command. */
export const commands: CliCommand[] = [alertsCommand, ...silenceCommands, promqlCommand];
