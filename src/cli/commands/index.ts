import type { CliCommand } from '../command';

/** Every CLI subcommand. Add one import and one entry per command. */
export const commands: CliCommand[] = [];
