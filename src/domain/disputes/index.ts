export * from './dispute.model.js';
export * from './dispute.ports.js';
export * from './dispute.service.js';
