export * from './settlement-period.js';
export * from './statement.js';
