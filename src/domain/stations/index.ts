export * from './connector-status.js';
export * from './connector-type.js';
export * from './station-credentials.js';
export * from './station.model.js';
export * from './station.ports.js';
export * from './station.service.js';
export * from './station-list.js';
export * from './security-profile.js';
