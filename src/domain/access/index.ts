export * from './access.ports.js';
export * from './api-key.js';
export * from './control-rules.js';
export * from './principal.js';
export * from './roaming.js';
