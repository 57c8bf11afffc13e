/**
 * The command registry. A new command is a file in this folder exporting its `Command`s,
 * listed here; `run` finds it by its words.
 * @module
 */
import type { Command } from '../command.js';
import { askCommands } from './ask.js';
import { bundleCommands } from './bundle.js';
import { createCommands } from './create.js';
import { decideCommands } from './decide.js';
import { eventCommands } from './event.js';
import { forkCommands } from './fork.js';
import { groupCommands } from './group.js';
import { idCommands } from './id.js';
import { interopCommands } from './interop.js';
import { logCommands } from './log.js';
import { netCommands } from './net.js';
import { removeCommands } from './remove.js';
import { resourceCommands } from './resource.js';
import { settingsCommands } from './settings.js';
import { showCommands } from './show.js';

/** Every command of the `festival` CLI. */
export const commands: readonly Command[] = [
	...idCommands,
	...createCommands,
	...groupCommands,
	...resourceCommands,
	...eventCommands,
	...removeCommands,
	...decideCommands,
	...askCommands,
	...showCommands,
	...settingsCommands,
	...forkCommands,
	...bundleCommands,
	...interopCommands,
	...logCommands,
	...netCommands
];
