/**
 * An in-memory network for tests: adapters on one topic see each other as soon as they
 * connect; messages arrive in a later task, as over a real link.
 * @module
 */
import { NetworkAdapter, type Message, type PeerId } from '@automerge/automerge-repo/slim';
import type { AdapterRequest, HostAdapter } from './replication.js';

/** One festival's adapter on a {@link MemoryHub}. */
export class MemoryAdapter extends NetworkAdapter implements HostAdapter {
	readonly dropped: string[] = [];
	readonly linked = new Set<MemoryAdapter>();
	connected = false;
	constructor(
		readonly hub: MemoryHub,
		readonly r: AdapterRequest
	) {
		super();
	}
	isReady(): boolean {
		return true;
	}
	whenReady(): Promise<void> {
		return Promise.resolve();
	}
	connect(peerId: PeerId): void {
		this.peerId = peerId;
		this.connected = true;
		this.r.onSocket(1);
		for (const other of this.hub.adapters)
			if (other !== this && other.connected && other.r.topic === this.r.topic) this.#link(other);
	}
	#link(other: MemoryAdapter): void {
		this.linked.add(other);
		other.linked.add(this);
		this.emit('peer-candidate', { peerId: other.peerId!, peerMetadata: {} });
		other.emit('peer-candidate', { peerId: this.peerId!, peerMetadata: {} });
	}
	#unlink(other: MemoryAdapter): void {
		if (!this.linked.delete(other)) return;
		other.linked.delete(this);
		this.emit('peer-disconnected', { peerId: other.peerId! });
		other.emit('peer-disconnected', { peerId: this.peerId! });
	}
	send(message: Message): void {
		for (const other of this.linked)
			if (other.peerId === message.targetId)
				setTimeout(() => other.linked.has(this) && other.emit('message', message), 0);
	}
	disconnect(): void {
		if (!this.connected) return;
		this.connected = false;
		for (const other of [...this.linked]) this.#unlink(other);
		this.r.onSocket(-1);
	}
	dropPeer(peer: PeerId, reason: string): void {
		this.dropped.push(`${peer}: ${reason}`);
		for (const other of [...this.linked]) if (other.peerId === peer) this.#unlink(other);
	}
}

/** Every adapter made, by topic. */
export class MemoryHub {
	readonly adapters: MemoryAdapter[] = [];
	/** A host's adapter factory on this hub. */
	readonly makeAdapter = (r: AdapterRequest): MemoryAdapter => {
		const a = new MemoryAdapter(this, r);
		this.adapters.push(a);
		return a;
	};
	/** Adapters connected now. */
	get connected(): MemoryAdapter[] {
		return this.adapters.filter((a) => a.connected);
	}
}
