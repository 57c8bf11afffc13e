/**
 * Test helpers for schedule.json: the sample files in tests/fixtures/schedule (see its
 * README for their source and licence) and an Ajv validator for the format's draft-06 schema.
 * @module
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };

const dir = new URL('../../../../tests/fixtures/schedule/', import.meta.url);

/** A file of tests/fixtures/schedule as text. */
export function sample(
	name: 'schema.json' | 'pretalx-democon.json' | 'invalid-example.json'
): string {
	return readFileSync(new URL(name, dir), 'utf8');
}

// ajv-formats is CommonJS: its default export arrives wrapped or not depending on the loader.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
	addFormatsModule) as (ajv: Ajv) => Ajv;

/** A validator for schema.json: errors as `path: message` lines, none if valid. */
export function scheduleValidator(): (doc: unknown) => string[] {
	// Not strict: the schema carries keywords of its own ($oneOf, $todo, deprecated), ignored.
	const ajv = new Ajv({ strict: false, allErrors: true });
	ajv.addMetaSchema(draft06);
	addFormats(ajv);
	// The schema's own "color" format has no definition; any string passes, as it does there.
	ajv.addFormat('color', true);
	const validate = ajv.compile(JSON.parse(sample('schema.json')) as object);
	return (doc) =>
		validate(doc)
			? []
			: (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? ''}`);
}
