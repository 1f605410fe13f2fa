export { normalSession } from './normal-session.js';
export type { NormalSessionOptions, NormalSessionResult } from './normal-session.js';
export { offlineReplay } from './offline-replay.js';
export type { OfflineReplayOptions, OfflineReplayResult } from './offline-replay.js';
export { badFrames, badFrame } from './bad-frames.js';
export type { BadFrameCaseName, BadFrameOutcome, BadFramesOptions } from './bad-frames.js';
