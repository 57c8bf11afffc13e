/**
 * Reads a schedule.json text off the page's thread (parsing and checking 10,000 talks takes a
 * few hundred ms): posts back {@link readSchedule}'s answer, which is plain data.
 * @module
 */
import { readSchedule } from '../../core/interop/schedule-import.js';

self.onmessage = (ev: MessageEvent<string>) => {
	self.postMessage(readSchedule(ev.data));
};
