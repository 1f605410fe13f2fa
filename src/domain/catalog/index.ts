export * from './catalog.model.js';
export * from './catalog.ports.js';
export * from './catalog.service.js';
export * from './evse-plan.js';
