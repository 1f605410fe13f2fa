export * from './push-keys.js';
export * from './push-sender.js';
export * from './push-planner.js';
export * from './charge-status-ticker.js';
export * from './order-check.js';
export * from './partner-answers.js';
