/**
 * The WebRTC network: an automerge-repo network adapter over WebRTC data channels, with peers
 * found through a y-webrtc-compatible signaling server, and ICE server settings. A second
 * entry point beside `core/index.ts`, because it loads automerge-repo's network classes: a
 * program that does not replicate (most CLI commands) does not load them.
 * @module
 */
export * from './webrtc-adapter.js';
export * from './ice.js';
export * from './server-ice.js';
export * from './tracked-socket.js';
