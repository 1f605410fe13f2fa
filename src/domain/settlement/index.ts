export * from './settlement-period.js';
export * from './statement.js';
export * from './settlement.ports.js';
export * from './settlement.service.js';
