/**
 * The local identity as UI state: loads it from an {@link IdentityStore} (creating one on
 * first use), renames it and replaces it from a key text. Every change is saved before the
 * state shows it.
 * @module
 */
import {
	type DeviceIdentity,
	generateIdentity,
	type Identity,
	type IdentityStore,
	identityToFile,
	identityToText,
	newDeviceId,
	parseIdentityFile,
	parseIdentityText,
	type IdentityDetails,
	TEXT_LIMITS,
	withDetails
} from '../core/index.js';

export type IdentityStatus = 'loading' | 'ready' | 'error';

/** Longest display name we keep (characters): the profile's limit (PROTOCOL.md, "People"). */
export const MAX_NAME = TEXT_LIMITS.person;

function message(e: unknown): string {
	return e instanceof Error ? e.message : String(e);
}

/** A store that can also create the identity atomically (see IndexedDbIdentityStore). */
export type CreatingIdentityStore = IdentityStore & {
	createIfMissing?(candidate: DeviceIdentity): Promise<DeviceIdentity>;
};

export class IdentityState {
	status = $state<IdentityStatus>('loading');
	current = $state.raw<DeviceIdentity | undefined>(undefined);
	/** Why loading failed, when `status` is 'error'. */
	error = $state<string | undefined>(undefined);

	constructor(private readonly store: CreatingIdentityStore) {}

	/** The public key as 64 hex characters, once loaded. */
	get author(): string | undefined {
		return this.current?.identity.author;
	}

	get name(): string {
		return this.current?.identity.name ?? '';
	}

	/** The short note others see ('' for none). */
	get note(): string {
		return this.current?.identity.note ?? '';
	}

	/** How others can reach this person ('' for none). */
	get contact(): string {
		return this.current?.identity.contact ?? '';
	}

	/** Loads the stored identity, or generates and saves a new one if there is none. */
	async init(): Promise<void> {
		this.status = 'loading';
		try {
			let d = await this.store.load();
			if (!d) {
				const candidate = { identity: await generateIdentity(), device: newDeviceId() };
				if (this.store.createIfMissing) d = await this.store.createIfMissing(candidate);
				else {
					await this.store.save(candidate);
					d = candidate;
				}
			}
			this.current = d;
			this.error = undefined;
			this.status = 'ready';
		} catch (e) {
			this.error = message(e);
			this.status = 'error';
		}
	}

	#require(): DeviceIdentity {
		if (!this.current) throw new Error('the identity is not loaded yet');
		return this.current;
	}

	/** Saves a new profile (each field trimmed and cut to its limit; an empty field is none). */
	async setDetails(details: IdentityDetails): Promise<void> {
		const d = this.#require();
		const cut = (s: string | undefined, max: number) => s?.trim().slice(0, max) ?? '';
		const next = {
			...d,
			identity: withDetails(d.identity, {
				name: cut(details.name, MAX_NAME),
				note: cut(details.note, TEXT_LIMITS.note),
				contact: cut(details.contact, TEXT_LIMITS.contact)
			})
		};
		await this.store.save(next);
		this.current = next;
	}

	/** Parses a key backup file's contents (or a key text) without changing anything. */
	parseFile(contents: string): ReturnType<typeof parseIdentityFile> {
		return parseIdentityFile(contents);
	}

	/** Parses a key text without changing anything. */
	parse(text: string): ReturnType<typeof parseIdentityText> {
		return parseIdentityText(text);
	}

	/** Replaces the identity (this device keeps its device id). */
	async replace(identity: Identity): Promise<void> {
		const d = this.#require();
		const next = { identity, device: d.device };
		await this.store.save(next);
		this.current = next;
	}

	/** The backup file (JSON, holds the secret key). */
	toFile(): string {
		return identityToFile(this.#require().identity);
	}

	/** The key text (holds the secret key). */
	toText(): string {
		return identityToText(this.#require().identity);
	}
}
