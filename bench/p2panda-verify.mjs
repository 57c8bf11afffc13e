// The baseline of the p2panda bench (p2panda.bench.ts): p2panda-js verifying a log file of
// `ENTRY_HEX OPERATION_HEX` lines, in a Node process of its own, as `festival log verify` runs
// in one. Per entry the same checks as ours: decodeEntry (which checks the encoding and the
// signature: it throws on a bad one), the payload's size and YASMF hash, and the backlink and
// skiplink against the hashes of the entries they name. Prints the number of entries verified;
// exits 1 naming the first entry that fails.
import { readFileSync } from 'node:fs';
import { decodeEntry, generateHash } from 'p2panda-js';

/** lipmaa(n) of the bamboo spec: the entry that n's skiplink names. */
function lipmaa(n) {
	let m = 1;
	let po3 = 3;
	while (m < n) {
		po3 *= 3;
		m = (po3 - 1) / 2;
	}
	po3 /= 3;
	if (m !== n) {
		let x = n;
		while (x !== 0) {
			m = (po3 - 1) / 2;
			po3 /= 3;
			x %= m;
		}
		if (m !== po3) po3 = m;
	}
	return n - po3;
}

const lines = readFileSync(process.argv[2], 'utf8').split('\n');
const hashes = new Map();
let count = 0;
for (const [i, line] of lines.entries()) {
	if (line === '') continue;
	const [entryHex, operationHex] = line.split(' ');
	const fail = (why) => {
		console.error(`line ${i + 1}: ${why}`);
		process.exit(1);
	};
	let entry;
	try {
		entry = decodeEntry(entryHex);
	} catch (e) {
		fail(e.message);
	}
	const n = Number(entry.seqNum);
	if (BigInt(operationHex.length / 2) !== entry.payloadSize) fail('payload size');
	if (generateHash(operationHex) !== entry.payloadHash) fail('payload hash');
	if (n > 1 && entry.backlink !== hashes.get(n - 1)) fail('backlink');
	if (entry.skiplink !== undefined && entry.skiplink !== hashes.get(lipmaa(n))) fail('skiplink');
	hashes.set(n, generateHash(entryHex));
	count++;
}
console.log(count);
