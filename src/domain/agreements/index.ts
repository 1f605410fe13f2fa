export * from './agreement.model.js';
export * from './agreement.ports.js';
export * from './agreement.service.js';
