export * from './device-model.model.js';
export * from './device-model.ports.js';
export * from './device-model.service.js';
export * from './device-model-follow-ups.consumer.js';
