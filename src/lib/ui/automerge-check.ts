/**
 * Proves Automerge's wasm loaded: builds, changes, saves and reloads a tiny document.
 * @module
 */
import * as A from '@automerge/automerge';

/** Returns nothing on success and throws if Automerge cannot run. */
export function checkAutomerge(): void {
	let doc = A.from<{ app: string; ready?: boolean }>({ app: 'festival' });
	doc = A.change(doc, (d) => {
		d.ready = true;
	});
	const copy = A.load<{ app: string; ready?: boolean }>(A.save(doc));
	if (copy.ready !== true || copy.app !== 'festival')
		throw new Error('a saved document did not load back');
}
