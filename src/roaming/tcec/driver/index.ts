export * from './driver-side.deps.js';
export * from './driver-side.js';
export * from './driver-handlers.js';
export * from './start-charge-seq.js';
