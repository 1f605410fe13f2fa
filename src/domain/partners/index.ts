export * from './partner.model.js';
export * from './partner-message.model.js';
export * from './partner.ports.js';
export * from './partner.service.js';
export * from './secret-sealer.js';
export * from './partner-access.ports.js';
export * from './station-queries.ports.js';
