/**
 * The command registry. A new command is a file in this folder exporting its `Command`s,
 * listed here; `run` finds it by its words.
 * @module
 */
import type { Command } from '../command.js';
import { idCommands } from './id.js';
import { logCommands } from './log.js';

/** Every command of the `festival` CLI. */
export const commands: readonly Command[] = [...idCommands, ...logCommands];
