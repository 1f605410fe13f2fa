export * from './inbound-handler.js';
export * from './inbound.js';
export * from './query-token.handler.js';
export * from './tcec-routes.js';
export * from './station-side/index.js';
