export * from './pricing.model.js';
export * from './price.js';
export * from './data-quality.js';
