export * from './domain-event.js';
export * from './event-consumer.js';
