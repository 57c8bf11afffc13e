/**
 * Reading a schedule.json in a Web Worker (schedule-reader.worker.ts), or in the page where
 * workers are not available or the worker fails: the same answer either way.
 * @module
 */
import { readSchedule, type ScheduleRead } from '../../core/interop/schedule-import.js';

/** {@link readSchedule} of `text`, in a worker of its own when the platform has them. */
export function readScheduleOffPage(text: string): Promise<ScheduleRead> {
	if (typeof Worker === 'undefined') return Promise.resolve(readSchedule(text));
	return new Promise((resolve) => {
		let worker: Worker;
		const here = () => {
			worker?.terminate();
			resolve(readSchedule(text));
		};
		try {
			worker = new Worker(new URL('./schedule-reader.worker.ts', import.meta.url), {
				type: 'module'
			});
		} catch {
			return here();
		}
		worker.onmessage = (ev: MessageEvent<ScheduleRead>) => {
			worker.terminate();
			resolve(ev.data);
		};
		worker.onerror = (ev) => {
			ev.preventDefault();
			here();
		};
		worker.postMessage(text);
	});
}
