/**
 * Chunking of messages for data channels: every frame is one flag byte (1 = more frames of
 * this message follow, 0 = last frame) and up to `chunkBytes - 1` bytes of the message.
 * Frames of one channel arrive in order (the channel is ordered and reliable), so a message
 * is its frames concatenated up to the first frame flagged 0.
 * @module
 */
import { err, ok, type Result } from '../result.js';

/** Flag byte of a frame that is followed by more frames of the same message. */
export const MORE = 1;
/** Flag byte of the last frame of a message. */
export const LAST = 0;

/** Default frame size: 16 KiB, below every data channel implementation's message limit. */
export const DEFAULT_CHUNK_BYTES = 16 * 1024;
/** Default cap on a reassembled message: 64 MiB. */
export const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/**
 * Splits a message into frames of at most `chunkBytes` bytes (flag byte included). An empty
 * message is one frame holding only the flag.
 */
export function chunkMessage(
	message: Uint8Array,
	chunkBytes: number = DEFAULT_CHUNK_BYTES
): Uint8Array[] {
	if (!Number.isInteger(chunkBytes) || chunkBytes < 2)
		throw new RangeError('chunkBytes must be an integer >= 2');
	const payload = chunkBytes - 1;
	const frames: Uint8Array[] = [];
	let offset = 0;
	do {
		const end = Math.min(offset + payload, message.length);
		const frame = new Uint8Array(end - offset + 1);
		frame[0] = end < message.length ? MORE : LAST;
		frame.set(message.subarray(offset, end), 1);
		frames.push(frame);
		offset = end;
	} while (offset < message.length);
	return frames;
}

/** Why a frame was refused. */
export type ChunkProblem = 'empty-frame' | 'bad-flag' | 'too-large';

/**
 * Reassembles frames of one ordered channel into messages. After a refused frame the
 * reassembler is spent (the channel should be dropped); it keeps refusing.
 */
export class Reassembler {
	readonly #maxBytes: number;
	#parts: Uint8Array[] = [];
	#size = 0;
	#failed = false;

	/** @param maxBytes largest message accepted (default 64 MiB) */
	constructor(maxBytes: number = DEFAULT_MAX_MESSAGE_BYTES) {
		this.#maxBytes = maxBytes;
	}

	/** Bytes held of a message not yet complete. */
	get pendingBytes(): number {
		return this.#size;
	}

	/**
	 * Takes one frame. Returns the message it completes, `undefined` while more frames are
	 * expected, or a problem (malformed frame or message over the cap).
	 */
	push(frame: Uint8Array): Result<Uint8Array | undefined, ChunkProblem> {
		if (this.#failed) return err('bad-flag', 'the channel already sent a malformed frame');
		const flag = frame[0];
		if (flag === undefined) return this.#fail('empty-frame', 'a frame has at least its flag byte');
		if (flag !== MORE && flag !== LAST) return this.#fail('bad-flag', `unknown frame flag ${flag}`);
		const body = frame.subarray(1);
		if (this.#size + body.length > this.#maxBytes) {
			return this.#fail('too-large', `message larger than ${this.#maxBytes} bytes`);
		}
		if (flag === MORE) {
			this.#parts.push(body);
			this.#size += body.length;
			return ok(undefined);
		}
		if (this.#parts.length === 0) return ok(body);
		const out = new Uint8Array(this.#size + body.length);
		let at = 0;
		for (const p of this.#parts) {
			out.set(p, at);
			at += p.length;
		}
		out.set(body, at);
		this.#parts = [];
		this.#size = 0;
		return ok(out);
	}

	#fail(code: ChunkProblem, reason: string): Result<never, ChunkProblem> {
		this.#failed = true;
		this.#parts = [];
		this.#size = 0;
		return err(code, reason);
	}
}
