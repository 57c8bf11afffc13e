/**
 * Festival's core, as hosts use it: the app (`src/lib/ui`, `src/routes`) and the Node
 * programs (`src/node`) import core through this module. It is platform-neutral: a host
 * brings storage (an automerge-repo `StorageAdapterInterface`), optionally an Ed25519 back end
 * and a {@link Preparer} on another thread, and transports.
 *
 * - **Festival**: {@link Festival} opens, creates, edits, forks and ingests one festival;
 *   {@link FestivalStorage} keeps it; ids, the document schema and its edits, times.
 * - **Read model**: {@link readTree}, {@link readFestival}, {@link inbox}, {@link freeAt}:
 *   what views show, a pure function of the documents of a festival tree.
 * - **Policies**: {@link runPolicies} and {@link registerPolicy} (`first-come`, `manual`).
 * - **Files**: festival bundles (`.festival`, a festival with its family) and their import.
 * - **Identity**: key pairs and their text and file forms.
 * - **Host**: {@link FestivalHost}, what every platform wraps: open festivals with their
 *   families, the owner's policies, bundles, replication through an injected adapter factory.
 * - **Model**: each entity once as a schema, its input check (problems as codes) and the
 *   checked edits the app and the CLI make.
 * - **Sync**: replication over any links ({@link FestivalSync}, {@link bindSync}); ICE server
 *   settings. The WebRTC network adapter is a second entry point, `net/index.ts`: it loads
 *   automerge-repo's network classes, which a program that does not replicate need not load.
 * - **Interop**: iCalendar and schedule.json export, schedule.json import.
 *
 * Lower layers (log, store, the ingest engine's parts) stay behind deep imports: tests,
 * tools that inspect logs, and the preparer worker (which should load only what it needs)
 * import those modules directly.
 * @module
 */

// Festival
export * from './festival/festival.js';
export * from './festival/document/ids.js';
export * from './festival/document/schema.js';
export * from './festival/document/doc.js';
export { metaCreator, NotCreatorError } from './festival/document/settings.js';
export * from './festival/document/time.js';
export * from './model/group.js';
export * from './model/group-edits.js';
export * from './festival/read/groups.js';
export { mayDecide } from './festival/read/group-decisions.js';
export { ChangeTooLargeError } from './festival/ingest/local-bounds.js';
export type { EntryItem, IngestReport } from './festival/ingest/engine.js';
export type { Preparer } from './festival/ingest/prepare.js';
export * from './festival/files/storage.js';

// Read model and policies
export * from './festival/read/views.js';
export * from './festival/read/free-slots.js';
export * from './festival/read/people.js';
export * from './festival/read/series.js';
export * from './festival/read/policy.js';

// Files
export * from './festival/files/bundle.js';
export * from './festival/files/bundle-tree.js';

// Identity, bytes, results
export * from './identity/identity.js';
export { fromHex, toHex } from './bytes.js';
export type { Problem, Result } from './result.js';

// Storage in memory (tests, tools, a browser without IndexedDB)
export { MemoryStorageAdapter } from './store/memory-storage-adapter.js';

// Host and model
export * from './host/host.js';
export type * from './host/events.js';
export type {
	AdapterRequest,
	HostAdapter,
	NetworkSettings,
	SessionShared
} from './host/replication.js';
export * from './model/index.js';
// The festival's creation options (the model's schema of the same name stays in model/).
export type { NewFestival } from './festival/document/doc.js';
// Checked edits share names with doc.ts's writers: `edits.addEvent(...)`.
export * as edits from './model/edits.js';

// Sync (the WebRTC adapter: net/index.ts)
export * from './sync/sync.js';
export * from './sync/bind.js';
export * from './sync/topic.js';
export * from './sync/ticker.js';
export * from './net/ice.js';
export * from './net/server-ice.js';

// Interop
export * from './interop/ical.js';
export * from './interop/schedule-json.js';
export * from './interop/schedule-import.js';
export * from './interop/schedule-write.js';
