export * from './allocation.js';
export * from './charging-profile.js';
export * from './load-plan.js';
export * from './smart-charging.model.js';
