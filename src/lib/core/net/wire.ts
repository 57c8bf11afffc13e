/**
 * What the WebRTC adapter says, on the signaling server and on a data channel.
 *
 * Signaling (inside y-webrtc's `{type:'publish', topic, data}`):
 * - `{type:'announce', from, session, to?}`: a peer is on the topic (`to` set: said to one
 *   peer only). `session` changes on every `connect()`, so a peer that restarted is told
 *   apart from its stale connection.
 * - `{type:'signal', from, to, session, cid, signal}`: SDP (`{type:'offer'|'answer', sdp}`)
 *   or ICE (`{type:'candidate', candidate}`) of connection attempt `cid`, or
 *   `{type:'decline'}`: the answerer will not link now (it is full, has banned the caller, or
 *   already has a link or call with it). None of this is authenticated: see the adapter.
 *   Either peer may offer; when both do at once, the smaller peer id's offer wins.
 *
 * Data channel (one per pair of peers, shared by every topic both are on): cbor-encoded
 * `[0, {peerId, peerMetadata}]` (hello, first frame each way), `[2, {topic}]` (join: the
 * sender is on the topic and wants it on this link), `[3, {topic}]` (leave: the topic is off
 * this link, for both sides) and `[4, {topic, message}]` (an automerge-repo message of a
 * topic), chunked (chunking.ts). Kind 1 (an untagged message, before links were shared) is
 * no longer accepted. A topic counts on a link once both sides joined it (link-pool.ts).
 *
 * Everything from the network is untrusted: parsers return `undefined` or a problem, never
 * throw.
 * @module
 */
import { cbor, type Message, type PeerId, type PeerMetadata } from '@automerge/automerge-repo/slim';
import { err, ok, type Result } from '../result.js';

/** Longest peer id, session or connection id accepted from signaling. */
const MAX_ID = 256;
/** Longest SDP or ICE candidate accepted from signaling. */
const MAX_SDP = 60_000;

/** A session description, an ICE candidate or a refusal, of one connection attempt. */
export type SignalPayload =
	| { readonly type: 'offer' | 'answer'; readonly sdp: string }
	| { readonly type: 'candidate'; readonly candidate: RTCIceCandidateInit }
	| { readonly type: 'decline' };

/** A peer announcing itself on the topic. */
export interface Announce {
	readonly type: 'announce';
	readonly from: PeerId;
	readonly session: string;
	readonly to?: PeerId;
}

/** A WebRTC signal from one peer to another. */
export interface Signal {
	readonly type: 'signal';
	readonly from: PeerId;
	readonly to: PeerId;
	readonly session: string;
	readonly cid: string;
	readonly signal: SignalPayload;
}

/** A signaling message of this adapter. */
export type SignalingMessage = Announce | Signal;

/** A random id of 12 bytes, in hex (sessions, calls). */
export function randomId(): string {
	const b = new Uint8Array(12);
	globalThis.crypto.getRandomValues(b);
	return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

function isId(v: unknown): v is string {
	return typeof v === 'string' && v.length > 0 && v.length <= MAX_ID;
}

function isRecord(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parsePayload(v: unknown): SignalPayload | undefined {
	if (!isRecord(v)) return undefined;
	if (v.type === 'decline') return { type: 'decline' };
	if (v.type === 'offer' || v.type === 'answer') {
		return typeof v.sdp === 'string' && v.sdp.length <= MAX_SDP
			? { type: v.type, sdp: v.sdp }
			: undefined;
	}
	if (v.type !== 'candidate' || !isRecord(v.candidate)) return undefined;
	const c = v.candidate;
	if (typeof c.candidate !== 'string' || c.candidate.length > MAX_SDP) return undefined;
	const candidate: RTCIceCandidateInit = { candidate: c.candidate };
	if (typeof c.sdpMid === 'string' || c.sdpMid === null) candidate.sdpMid = c.sdpMid;
	if (typeof c.sdpMLineIndex === 'number' || c.sdpMLineIndex === null)
		candidate.sdpMLineIndex = c.sdpMLineIndex;
	if (typeof c.usernameFragment === 'string' || c.usernameFragment === null)
		candidate.usernameFragment = c.usernameFragment;
	return { type: 'candidate', candidate };
}

/** Reads the `data` of a published signaling message; `undefined` if it is not one of ours. */
export function parseSignaling(data: unknown): SignalingMessage | undefined {
	if (!isRecord(data) || !isId(data.from) || !isId(data.session)) return undefined;
	const from = data.from as PeerId;
	if (data.type === 'announce') {
		if (data.to === undefined) return { type: 'announce', from, session: data.session };
		return isId(data.to)
			? { type: 'announce', from, session: data.session, to: data.to as PeerId }
			: undefined;
	}
	if (data.type !== 'signal' || !isId(data.to) || !isId(data.cid)) return undefined;
	const signal = parsePayload(data.signal);
	if (!signal) return undefined;
	return {
		type: 'signal',
		from,
		to: data.to as PeerId,
		session: data.session,
		cid: data.cid,
		signal
	};
}

/** A decoded data channel frame other than the hello: a topic joined or left, or a message of a topic. */
export type TopicFrame =
	| { readonly kind: 'join' | 'leave'; readonly topic: string }
	| { readonly kind: 'message'; readonly topic: string; readonly message: Message };

/** A decoded data channel frame. */
export type Frame =
	| { readonly kind: 'hello'; readonly peerId: PeerId; readonly peerMetadata: PeerMetadata }
	| TopicFrame;

const HELLO = 0;
const JOIN = 2;
const LEAVE = 3;
const MESSAGE = 4;

/** Encodes the hello a peer sends first on a data channel. */
export function encodeHello(peerId: PeerId, peerMetadata: PeerMetadata): Uint8Array {
	return cbor.encode([HELLO, { peerId, peerMetadata }]);
}

/** Encodes an automerge-repo message of `topic` for a data channel. */
export function encodeMessage(topic: string, message: Message): Uint8Array {
	return cbor.encode([MESSAGE, { topic, message }]);
}

/** Encodes a join (`leave` false) or a leave of `topic`. */
export function encodeTopic(topic: string, leave = false): Uint8Array {
	return cbor.encode([leave ? LEAVE : JOIN, { topic }]);
}

function parseMetadata(v: unknown): PeerMetadata | undefined {
	if (v === undefined || v === null) return {};
	if (!isRecord(v)) return undefined;
	const out: PeerMetadata = {};
	if (v.storageId !== undefined) {
		if (!isId(v.storageId)) return undefined;
		out.storageId = v.storageId as NonNullable<PeerMetadata['storageId']>;
	}
	if (v.isEphemeral !== undefined) {
		if (typeof v.isEphemeral !== 'boolean') return undefined;
		out.isEphemeral = v.isEphemeral;
	}
	return out;
}

/** Decodes one reassembled data channel message. */
export function decodeFrame(bytes: Uint8Array): Result<Frame, 'malformed'> {
	let v: unknown;
	try {
		v = cbor.decode(bytes);
	} catch {
		return err('malformed', 'not CBOR');
	}
	if (!Array.isArray(v) || v.length !== 2) return err('malformed', 'a frame is [kind, body]');
	const [kind, body] = v as [unknown, unknown];
	if (!isRecord(body)) return err('malformed', 'a frame body is a map');
	if (kind === HELLO) {
		const peerMetadata = parseMetadata(body.peerMetadata);
		if (!isId(body.peerId) || !peerMetadata)
			return err('malformed', 'a hello has a peer id and metadata');
		return ok({ kind: 'hello', peerId: body.peerId as PeerId, peerMetadata });
	}
	if (kind !== JOIN && kind !== LEAVE && kind !== MESSAGE)
		return err('malformed', 'unknown frame kind');
	if (!isId(body.topic)) return err('malformed', 'a topic frame names its topic');
	const topic = body.topic;
	if (kind !== MESSAGE) return ok({ kind: kind === JOIN ? 'join' : 'leave', topic });
	const m = body.message;
	if (!isRecord(m) || typeof m.type !== 'string' || !isId(m.senderId) || !isId(m.targetId)) {
		return err('malformed', 'a message has a type, a sender and a target');
	}
	if (m.data !== undefined && !(m.data instanceof Uint8Array))
		return err('malformed', 'message data is bytes');
	return ok({ kind: 'message', topic, message: m as unknown as Message });
}
