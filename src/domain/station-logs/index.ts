export * from './station-log.model.js';
export * from './station-log.ports.js';
export * from './station-log.service.js';
export * from './station-log-follow-ups.consumer.js';
