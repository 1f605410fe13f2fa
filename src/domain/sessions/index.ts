export * from './meter-sample.js';
export * from './session.model.js';
export * from './session.ports.js';
export * from './session.service.js';
export * from './transaction-event.js';
export * from './session-events.js';
export * from './energy-within.js';
