/**
 * `festival log decode|verify`: bamboo entries from the command line, with the hash suite
 * (`--hash yamf|yasmf`, default yamf) as an option.
 *
 * `log verify FILE` reads one entry per line in log order, `ENTRY_HEX [PAYLOAD_HEX]`; blank
 * lines and `#` comments are skipped. Gaps are fine where the certificate pool covers them.
 * A log written by p2panda-js is this form with `--hash yasmf`: each entry's hex and its
 * operation's hex (what `signAndEncodeEntry` and `encodeOperation` return) on one line.
 * It prints a verdict per entry (`ok seq 4`, `INVALID line 3 (seq 80): reason`) and, when any
 * entry is invalid, names the first one on stderr and exits 1.
 * @module
 */
import { fromHex, toHex } from '../../../lib/core/index.js';
import {
	decodeEntry,
	encodeHash,
	hashSuite,
	verifyEntry,
	verifyLog,
	type HashSuite
} from '../../../lib/core/log/index.js';
import { entryPosition } from '../../../lib/core/store/log-store.js';
import { nodeCrypto } from '../../crypto/node-crypto.js';
import { POOL_THRESHOLD, VerifyPool } from '../../crypto/verify-pool.js';
import {
	CliError,
	println,
	stringOption,
	UsageError,
	type Command,
	type OptionValues
} from '../command.js';

/** Files from this size (some hundreds of entries) start the verifying threads as they are read. */
const WARM_AT = POOL_THRESHOLD * 200;

const hashOption = { hash: { type: 'string' as const } };

function suiteOf(values: OptionValues): HashSuite {
	const name = stringOption(values, 'hash') ?? 'yamf';
	if (name !== 'yamf' && name !== 'yasmf')
		throw new UsageError(`--hash is yamf or yasmf, not "${name}"`);
	return hashSuite(name);
}

/** Parses hex a person pasted: surrounding white space is ignored, case too. */
function parseHex(text: string, what: string): Uint8Array {
	const t = text.trim();
	const bytes = fromHex(t);
	if (!bytes) {
		const bad = t.search(/[^0-9a-fA-F]/);
		throw new CliError(
			bad >= 0
				? `${what} is not hex: "${t[bad]}" at position ${bad + 1}`
				: `${what} is not hex: odd number of digits (${t.length})`
		);
	}
	return bytes;
}

const logDecode: Command = {
	name: ['log', 'decode'],
	args: 'HEX [--hash yamf|yasmf]',
	summary:
		'print the fields of one entry as JSON (HEX - reads stdin); checks its signature, not its links',
	options: hashOption,
	positionals: ['HEX'],
	async run(ctx) {
		const suite = suiteOf(ctx.values);
		const arg = ctx.positionals[0]!;
		const bytes = parseHex(arg === '-' ? await ctx.readText('-') : arg, 'the entry');
		const d = decodeEntry(bytes, suite);
		if (!d.ok) throw new CliError(`cannot decode the entry (${suite.name}): ${d.error.reason}`);
		const e = d.value;
		const signature = await verifyEntry(e, undefined, nodeCrypto(undefined, suite.name));
		const json = {
			hash: suite.name,
			endOfLog: e.endOfLog,
			author: toHex(e.author),
			// A string: log ids are u64 and may exceed what JSON numbers hold exactly.
			logId: e.logId.toString(),
			seqNum: e.seqNum,
			lipmaaLink: e.lipmaaLink ? toHex(e.lipmaaLink) : null,
			backlink: e.backlink ? toHex(e.backlink) : null,
			payloadSize: e.payloadSize,
			payloadHash: toHex(e.payloadHash),
			signature: toHex(e.signature),
			signatureValid: signature.ok,
			entryHash: toHex(encodeHash(suite, e.bytes))
		};
		println(ctx.io.stdout, JSON.stringify(json, null, 2));
		return 0;
	}
};

/** One entry line of a log file. */
interface Line {
	readonly line: number;
	readonly bytes?: Uint8Array;
	readonly payload?: Uint8Array;
	/** Why the line is not an entry at all. */
	readonly problem?: string;
}

/** Hex as bytes (Node's decoder, after a check it would not make); `undefined` if not hex. */
function hexBytes(hex: string): Uint8Array | undefined {
	if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return undefined;
	const b = Buffer.from(hex, 'hex');
	return new Uint8Array(b.buffer, b.byteOffset, b.length);
}

/** Splits a log file into entry lines (1-based line numbers); never throws. */
export function parseLogFile(text: string): Line[] {
	const out: Line[] = [];
	for (const [i, raw] of text.split(/\r?\n/).entries()) {
		const hash = raw.indexOf('#');
		const content = (hash >= 0 ? raw.slice(0, hash) : raw).trim();
		if (content === '') continue;
		const fields = content.split(/\s+/);
		const line = i + 1;
		if (fields.length > 2) {
			out.push({
				line,
				problem: `expected ENTRY_HEX [PAYLOAD_HEX], found ${fields.length} fields`
			});
			continue;
		}
		const [entryHex, payloadHex] = fields as [string, string?];
		const bytes = hexBytes(entryHex);
		const payload = payloadHex === undefined ? undefined : hexBytes(payloadHex);
		if (!bytes) out.push({ line, problem: 'the entry is not hex' });
		else if (payloadHex !== undefined && !payload)
			out.push({ line, problem: 'the payload is not hex' });
		else out.push({ line, bytes, ...(payload ? { payload } : {}) });
	}
	return out;
}

/** The verdict on one line. */
interface Verdict {
	readonly line: number;
	readonly seqNum?: number;
	readonly ok: boolean;
	readonly reason?: string;
}

async function verifyLines(
	lines: readonly Line[],
	suite: HashSuite,
	pool: VerifyPool
): Promise<Verdict[]> {
	const entries = lines.filter((l) => l.bytes);
	const results = await verifyLog(
		entries.map((l) => (l.payload ? { bytes: l.bytes!, payload: l.payload } : { bytes: l.bytes! })),
		nodeCrypto(pool, suite.name)
	);
	// Entries are in the order of their lines: one pass over both.
	let next = 0;
	return lines.map((l): Verdict => {
		if (!l.bytes) return { line: l.line, ok: false, reason: l.problem ?? 'not an entry' };
		const v = results[next++]!;
		if (v.result.ok) return { line: l.line, seqNum: v.result.value.entry.seqNum, ok: true };
		// The position comes before any hash, so it is known even when the entry does not decode.
		const position = entryPosition(l.bytes);
		return {
			line: l.line,
			...(position.ok ? { seqNum: position.value.seqNum } : {}),
			ok: false,
			reason: v.result.error.reason
		};
	});
}

function where(v: Verdict): string {
	return v.seqNum !== undefined ? `line ${v.line} (seq ${v.seqNum})` : `line ${v.line}`;
}

const logVerify: Command = {
	name: ['log', 'verify'],
	args: 'FILE [--hash yamf|yasmf]',
	summary:
		'verify a log file, a line per entry in log order: ENTRY_HEX [PAYLOAD_HEX] (FILE - reads stdin)',
	options: hashOption,
	positionals: ['FILE'],
	async run(ctx) {
		const suite = suiteOf(ctx.values);
		const file = ctx.positionals[0]!;
		const text = await ctx.readText(file);
		// Large files are verified on worker threads; the pool never outlives the command. The
		// workers of a file that will need them start while it is parsed.
		const pool = new VerifyPool();
		if (text.length >= WARM_AT) void pool.warm();
		let verdicts: Verdict[];
		try {
			const lines = parseLogFile(text);
			if (lines.length === 0) throw new CliError(`${file} holds no entries`);
			verdicts = await verifyLines(lines, suite, pool);
		} finally {
			await pool.close();
		}
		// In writes of many lines each: a long log is not a write per entry.
		let out: string[] = [];
		for (const v of verdicts) {
			out.push(v.ok ? `ok seq ${v.seqNum}` : `INVALID ${where(v)}: ${v.reason}`);
			if (out.length === 4096) {
				println(ctx.io.stdout, out.join('\n'));
				out = [];
			}
		}
		if (out.length) println(ctx.io.stdout, out.join('\n'));
		const bad = verdicts.filter((v) => !v.ok);
		const first = bad[0];
		if (!first) return 0;
		println(
			ctx.io.stderr,
			`festival: ${file}: ${bad.length} of ${verdicts.length} entries invalid; the first is ${where(first)}: ${first.reason}`
		);
		return 1;
	}
};

/** The `log` commands. */
export const logCommands: readonly Command[] = [logDecode, logVerify];
