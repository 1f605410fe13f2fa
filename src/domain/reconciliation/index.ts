export * from './reconciliation.model.js';
export * from './reconciliation.ports.js';
export * from './reconciliation.service.js';
export * from './transaction-reconciliation.consumer.js';
