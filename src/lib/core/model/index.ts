/**
 * The festival's entities, each defined once as a Valibot schema: from each come its type, the
 * reader of stored (untrusted) values and the check of user input, whose problems are codes
 * (problems.ts) that the app and the CLI word.
 * @module
 */
export * from './decision.js';
export * from './doc.js';
export * from './event.js';
export * from './meta.js';
export * from './place.js';
export * from './problems.js';
export * from './profile.js';
export * from './resource.js';
export * from './series.js';
export { checkSeries, expandSeries, type Occurrence } from './occurrences.js';
export * from './text.js';
export * from './time.js';
export { Frame } from './frame.js';
