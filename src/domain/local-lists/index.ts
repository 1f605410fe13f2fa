export * from './local-list.model.js';
export * from './local-list-diff.js';
export * from './local-list.ports.js';
export * from './local-list.service.js';
export * from './local-lists.consumer.js';
export * from './customer-clear-follow-up.consumer.js';
