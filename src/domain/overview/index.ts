export * from './overview.model.js';
export * from './overview.ports.js';
export * from './overview.service.js';
