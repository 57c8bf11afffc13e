/**
 * Test helper: people with a festival context each (a fresh identity, device and in-memory
 * storage), verifying entries either in this thread or, with `viaPort`, on the other side of
 * a message port as the app does in a Web Worker, where every result is structured-cloned.
 */
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { generateIdentity, newDeviceId, type Identity } from '../identity/identity.js';
import { MemoryStorageAdapter } from '../store/memory-storage-adapter.js';
import type { FestivalContext } from './festival.js';
import { localPreparer, type Preparer } from './ingest/prepare.js';
import { RemotePreparer, servePreparer, type PortLike } from './ingest/remote-preparer.js';

/** A festival context with its identity. */
export type Person = FestivalContext & { identity: Identity };

/** Makes people for a test file; `close` ends the message ports it opened. */
export class People {
	/** Whether people made from now on verify over a message port. */
	viaPort = false;
	readonly #ports: MessagePort[] = [];

	#overAPort(): Preparer {
		const { port1, port2 } = new MessageChannel();
		this.#ports.push(port1, port2);
		servePreparer(port2 as unknown as PortLike);
		const remote = new RemotePreparer(port1 as unknown as PortLike, localPreparer());
		port1.start();
		port2.start();
		return remote;
	}

	/** A person named `name`, sealing edits after 5 ms. */
	async person(name: string, storage = new MemoryStorageAdapter()): Promise<Person> {
		const ctx = {
			identity: await generateIdentity(name),
			device: newDeviceId(),
			storage,
			sealDelayMs: 5
		};
		return this.viaPort ? { ...ctx, preparer: this.#overAPort() } : ctx;
	}

	close(): void {
		for (const p of this.#ports) p.close();
	}
}
