// The one test that runs the real `festival` bin as a child process.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../../bin/festival.js', import.meta.url));
const exec = promisify(execFile);

it('bin/festival.js runs id new and id show', async () => {
	const home = await mkdtemp(join(tmpdir(), 'festival-bin-'));
	try {
		const made = await exec(process.execPath, [bin, '--home', home, 'id', 'new', '--name', 'Bin']);
		expect(made.stdout).toMatch(/^[0-9a-f]{64}\n$/);
		const shown = await exec(process.execPath, [bin, '--home', home, 'id', 'show', '--json']);
		expect(JSON.parse(shown.stdout)).toMatchObject({ public: made.stdout.trim(), name: 'Bin' });
		const failed = await exec(process.execPath, [bin, '--home', home, 'id', 'new']).catch(
			(e: { code: number; stderr: string }) => e
		);
		expect(failed).toMatchObject({
			code: 1,
			stderr: expect.stringMatching(/^festival: .*already has an identity/)
		});
	} finally {
		await rm(home, { recursive: true, force: true });
	}
}, 60_000);
