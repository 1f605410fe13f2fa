export * from './availability.js';
export * from './availability.model.js';
export * from './availability.service.js';
export * from './live-status.ports.js';
export * from './live-status.publisher.js';
