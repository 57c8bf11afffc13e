/**
 * One WebRTC connection to one peer: the RTCPeerConnection, its ordered reliable data
 * channel, the hello exchange, chunked sends that respect `bufferedAmount`, and reassembly.
 * Which topics a link carries is the pool's business (link-pool.ts): here frames after the
 * hello are handed over as they come.
 * Every failure (a closed or failed channel or connection, a malformed frame, a hello from
 * the wrong peer, a timeout) ends in {@link LinkHandlers.onClose}, exactly once. Nothing
 * here throws out of an event handler.
 * @module
 */
import type { Message, PeerId, PeerMetadata } from '@automerge/automerge-repo/slim';
import type { CloseReason, LinkOptions as Options } from './link-types.js';
import { chunkMessage, Reassembler } from './chunking.js';
import { iceWorks, offerAsDtlsClient } from './dtls-role.js';
import {
	decodeFrame,
	encodeMessage,
	encodeTopic,
	type SignalPayload,
	type TopicFrame
} from './wire.js';

/** Above this many buffered bytes, sending waits for `bufferedamountlow`. */
const HIGH_WATER = 1024 * 1024;
/** `bufferedAmountLowThreshold` while waiting. */
const LOW_WATER = 256 * 1024;
/** Frames held while the remote's hello is late, at most. */
const MAX_EARLY_MESSAGES = 64;
/** Answers to one call held while an earlier one is being tried, at most. */
const MAX_ANSWERS = 8;

export type { CloseReason, LinkHandlers, RTCPeerConnectionConstructor } from './link-types.js';

/** Settings of a {@link PeerLink}. */
export type LinkOptions = Options<PeerLink>;

/** One connection to one peer. */
export class PeerLink {
	readonly remotePeerId: PeerId;
	readonly cid: string;
	readonly initiator: boolean;
	readonly #o: LinkOptions;
	readonly #pc: RTCPeerConnection;
	readonly #reassembler: Reassembler;
	readonly #timeout: ReturnType<typeof setTimeout>;
	#channel: RTCDataChannel | undefined;
	#remoteSession: string | undefined;
	#pendingCandidates: RTCIceCandidateInit[] = [];
	/** Answers not tried yet (calling), with the session each came with. */
	#answers: { sdp: string; session: string }[] = [];
	#trying = false;
	#heardAnswer = false;
	/** Whether a remote description was taken (tracked here: not every polyfill reports null before). */
	#haveRemote = false;
	#remoteSet = false;
	#offerSent = false;
	#queue: Uint8Array[] = [];
	#waiting: ReturnType<typeof setTimeout> | undefined;
	#ready = false;
	#helloSent = false;
	/** Frames that came before the remote's hello, delivered once it comes. */
	#early: TopicFrame[] = [];
	#remoteMetadata: PeerMetadata = {};
	#closed = false;

	/** Creates the peer connection; the initiator also opens the channel and sends an offer. */
	constructor(o: LinkOptions) {
		this.#o = o;
		this.remotePeerId = o.remotePeerId;
		this.#remoteSession = o.remoteSession;
		this.cid = o.cid;
		this.initiator = o.initiator;
		this.#reassembler = new Reassembler(o.maxMessageBytes);
		this.#pc = new o.RTCPeerConnection({ iceServers: o.iceServers });
		this.#timeout = setTimeout(() => this.#end('timeout', 'no hello in time'), o.connectTimeoutMs);
		this.#pc.onicecandidate = (e) => {
			const c = e.candidate;
			if (!c || !c.candidate || this.#closed) return;
			this.#signal({
				type: 'candidate',
				candidate: { candidate: c.candidate, sdpMid: c.sdpMid, sdpMLineIndex: c.sdpMLineIndex }
			});
		};
		this.#pc.onconnectionstatechange = () => {
			const s = this.#pc.connectionState;
			if (s === 'failed' || s === 'closed')
				this.#end(s === 'failed' ? 'failed' : 'closed', `connection ${s}`);
		};
		if (o.initiator) {
			this.#attach(this.#pc.createDataChannel('festival', { ordered: true }));
			void this.#offer();
		} else {
			this.#pc.ondatachannel = (e) => {
				if (this.#channel) return this.#end('violation', 'a second data channel');
				this.#attach(e.channel);
			};
		}
	}

	/** Whether the remote's hello arrived and the link is open. */
	get ready(): boolean {
		return this.#ready && !this.#closed;
	}

	/** The metadata of the remote's hello (empty before). */
	get remoteMetadata(): PeerMetadata {
		return this.#remoteMetadata;
	}

	/** Whether the link has ended. */
	get closed(): boolean {
		return this.#closed;
	}

	/** The remote's session: from its offer, or (calling) from the answer that applied; none before. */
	get remoteSession(): string | undefined {
		return this.#remoteSession;
	}

	/** Whether the remote's session description is in place (calling: an answer applied). */
	get answered(): boolean {
		return this.#remoteSet;
	}

	/** Calling: whether an answer came (applied, being tried, or waiting for our offer). */
	get heardAnswer(): boolean {
		return this.#heardAnswer;
	}

	/**
	 * Applies a signal of this connection attempt that came with the remote's `session`; one
	 * from another session than the link's is ignored. Calling, answers are tried in the order
	 * they come until one applies (its session is then the link's): one that does not apply
	 * (a forgery, say) does not end the call.
	 */
	handleSignal(signal: SignalPayload, session: string): void {
		if (this.#closed || (this.#remoteSession !== undefined && session !== this.#remoteSession))
			return;
		if (signal.type === 'answer') {
			if (!this.initiator || this.#remoteSet || this.#answers.length >= MAX_ANSWERS) return;
			this.#answers.push({ sdp: signal.sdp, session });
			this.#heardAnswer = true;
			void this.#tryAnswers();
			return;
		}
		void this.#apply(signal).catch((e: unknown) => this.#end('failed', `signal: ${String(e)}`));
	}

	/** Sends an automerge-repo message of `topic` (dropped silently if the link is not ready). */
	send(topic: string, message: Message): void {
		if (!this.ready) return;
		let bytes: Uint8Array;
		try {
			bytes = encodeMessage(topic, message);
		} catch (e) {
			return this.#end('failed', `encode: ${String(e)}`);
		}
		this.#enqueue(bytes);
	}

	/** Sends a join (`leave` false) or a leave of `topic` (dropped if the link is not ready). */
	sendTopic(topic: string, leave = false): void {
		if (this.ready) this.#enqueue(encodeTopic(topic, leave));
	}

	/** Closes the link (onClose follows with `reason`). */
	close(reason: CloseReason = 'local', detail = 'closed locally'): void {
		this.#end(reason, detail);
	}

	async #offer(): Promise<void> {
		try {
			const offer = await this.#pc.createOffer();
			if (this.#closed) return;
			// node-datachannel negotiates on createDataChannel and has its offer set already;
			// setting it again races inside libdatachannel
			if (!this.#pc.localDescription?.sdp) await this.#pc.setLocalDescription(offer);
			if (this.#closed) return;
			this.#offerSent = true;
			// the caller is the DTLS client (dtls-role.ts): no second lost to an early ClientHello
			const sdp = this.#pc.localDescription?.sdp ?? offer.sdp ?? '';
			this.#signal({ type: 'offer', sdp: offerAsDtlsClient(sdp) });
			void this.#tryAnswers();
		} catch (e) {
			this.#end('failed', `offer: ${String(e)}`);
		}
	}

	async #apply(signal: SignalPayload): Promise<void> {
		const pc = this.#pc;
		if (signal.type === 'decline') return; // the adapter handles refusals
		if (signal.type === 'candidate') {
			if (!this.#remoteSet) {
				if (this.#pendingCandidates.length < 100) this.#pendingCandidates.push(signal.candidate);
				return;
			}
			await pc.addIceCandidate(signal.candidate).catch(() => undefined);
			return;
		}
		if (signal.type === 'offer') {
			if (this.initiator || this.#haveRemote) return; // duplicate or out of place
			this.#haveRemote = true;
			await pc.setRemoteDescription({ type: 'offer', sdp: signal.sdp });
			this.#remoteSet = true;
			await this.#flushCandidates();
			if (this.#closed) return;
			const answer = await pc.createAnswer();
			if (this.#closed) return;
			await pc.setLocalDescription(answer);
			// the caller is the DTLS client: answered once our DTLS listens (dtls-role.ts)
			await iceWorks(pc);
			if (this.#closed) return;
			this.#signal({ type: 'answer', sdp: pc.localDescription?.sdp ?? answer.sdp ?? '' });
		}
	}

	/** Tries held answers one at a time until one applies (after our offer went out). */
	async #tryAnswers(): Promise<void> {
		if (this.#trying || !this.#offerSent) return;
		this.#trying = true;
		try {
			for (
				let a = this.#answers.shift();
				a && !this.#closed && !this.#remoteSet;
				a = this.#answers.shift()
			) {
				try {
					await this.#pc.setRemoteDescription({ type: 'answer', sdp: a.sdp });
				} catch {
					continue; // not an answer to our offer: wait for another
				}
				this.#remoteSet = true;
				this.#remoteSession = a.session;
				this.#answers = [];
				await this.#flushCandidates();
			}
		} catch (e) {
			this.#end('failed', `answer: ${String(e)}`);
		} finally {
			this.#trying = false;
		}
	}

	async #flushCandidates(): Promise<void> {
		const pending = this.#pendingCandidates;
		this.#pendingCandidates = [];
		for (const c of pending) {
			if (this.#closed) return;
			await this.#pc.addIceCandidate(c).catch(() => undefined);
		}
	}

	#signal(signal: SignalPayload): void {
		try {
			this.#o.handlers.onSignal(this, signal);
		} catch {
			// publishing is best effort
		}
	}

	#attach(channel: RTCDataChannel): void {
		this.#channel = channel;
		channel.binaryType = 'arraybuffer';
		channel.onopen = () => this.#sendHello();
		channel.onclose = () => this.#end('closed', 'data channel closed');
		channel.onerror = () => this.#end('failed', 'data channel error');
		channel.onbufferedamountlow = () => this.#pump();
		channel.onmessage = (e: MessageEvent) => {
			try {
				this.#receive(e.data);
			} catch (error) {
				this.#end('violation', `receive: ${String(error)}`);
			}
		};
		if (channel.readyState === 'open') this.#sendHello();
	}

	/**
	 * Sends our hello once (some channels are open when handed over and still fire `open`).
	 * The hello goes first, before anything queued: a channel can report `open` (and deliver
	 * the remote's hello, so that we are ready and send) before its `open` event runs.
	 */
	#sendHello(): void {
		if (this.#closed || this.#helloSent) return;
		this.#helloSent = true;
		this.#queue.unshift(...chunkMessage(this.#o.hello, this.#o.chunkBytes));
		this.#pump();
	}

	#receive(data: unknown): void {
		if (this.#closed) return;
		if (!(data instanceof ArrayBuffer) && !ArrayBuffer.isView(data))
			return this.#end('violation', 'a text frame');
		const frame =
			data instanceof ArrayBuffer
				? new Uint8Array(data)
				: new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
		const r = this.#reassembler.push(frame);
		if (!r.ok) return this.#end('violation', r.error.reason);
		if (!r.value) return;
		const decoded = decodeFrame(r.value);
		if (!decoded.ok) return this.#end('violation', decoded.error.reason);
		const f = decoded.value;
		if (f.kind === 'hello') {
			if (this.#ready) return this.#end('violation', 'a second hello');
			if (f.peerId !== this.remotePeerId)
				return this.#end('violation', 'hello from another peer id');
			this.#ready = true;
			this.#remoteMetadata = f.peerMetadata;
			clearTimeout(this.#timeout);
			this.#o.handlers.onReady(this, f.peerMetadata);
			for (const m of this.#early.splice(0)) if (!this.#closed) this.#deliver(m);
			return;
		}
		if (!this.#ready) {
			// Held until the hello: seen between two browsers in a glare (both calling at once),
			// where no fault of the peer's could be found. Not a ban: a retry soon is the remedy.
			if (this.#early.length >= MAX_EARLY_MESSAGES)
				return this.#end('failed', 'too many messages before hello');
			this.#early.push(f);
			return;
		}
		this.#deliver(f);
	}

	#deliver(f: TopicFrame): void {
		if (
			f.kind === 'message' &&
			(f.message.senderId !== this.remotePeerId || f.message.targetId !== this.#o.localPeerId)
		) {
			return this.#end('violation', 'a message with a wrong sender or target');
		}
		this.#o.handlers.onFrame(this, f);
	}

	#enqueue(bytes: Uint8Array): void {
		for (const frame of chunkMessage(bytes, this.#o.chunkBytes)) this.#queue.push(frame);
		this.#pump();
	}

	#pump(): void {
		const ch = this.#channel;
		if (this.#closed || !ch || ch.readyState !== 'open') return;
		if (!this.#helloSent) return this.#sendHello();
		clearTimeout(this.#waiting);
		this.#waiting = undefined;
		try {
			while (this.#queue.length > 0) {
				if (ch.bufferedAmount > HIGH_WATER) {
					ch.bufferedAmountLowThreshold = LOW_WATER;
					// `bufferedamountlow` resumes; the timer is a fallback for channels that miss it
					this.#waiting = setTimeout(() => this.#pump(), 250);
					return;
				}
				const frame = this.#queue.shift();
				if (frame) ch.send(frame as Uint8Array<ArrayBuffer>);
			}
		} catch (e) {
			this.#end('failed', `send: ${String(e)}`);
		}
	}

	#end(reason: CloseReason, detail: string): void {
		if (this.#closed) return;
		this.#closed = true;
		clearTimeout(this.#timeout);
		clearTimeout(this.#waiting);
		this.#queue = [];
		const ch = this.#channel;
		if (ch) {
			ch.onopen = ch.onclose = ch.onerror = ch.onmessage = ch.onbufferedamountlow = null;
			try {
				ch.close();
			} catch {
				// already closed
			}
		}
		this.#pc.onicecandidate = this.#pc.onconnectionstatechange = this.#pc.ondatachannel = null;
		try {
			this.#pc.close();
		} catch {
			// already closed
		}
		try {
			this.#o.handlers.onClose(this, reason, detail);
		} catch {
			// the adapter's bookkeeping must not throw here
		}
	}
}
