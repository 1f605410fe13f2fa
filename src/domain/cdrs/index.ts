export * from './cdr.model.js';
export * from './cdr.ports.js';
export * from './cdr-builder.js';
export * from './cdr.service.js';
export * from './cdr-pricing.consumer.js';
