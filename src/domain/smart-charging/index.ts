export * from './allocation.js';
export * from './charging-profile.js';
export * from './load-plan.js';
export * from './smart-charging.model.js';
export * from './smart-charging.ports.js';
export * from './smart-charging.service.js';
export * from './load-balancing.consumer.js';
