export * from './aliases.js';
export * from './codec.js';
export * from './profile.js';
export * from './ret-codes.js';
export * from './seq.js';
export * from './suites.js';
export * from './tcec-2016.suite.js';
export * from './timestamp.js';
