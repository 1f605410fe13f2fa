export * from './command.model.js';
export * from './command.ports.js';
export * from './command.service.js';
export * from './remote-start-links.consumer.js';
