export * from './partner-push.model.js';
export * from './partner-push.ports.js';
export * from './roaming-charge.model.js';
export * from './roaming-charge.ports.js';
export * from './partner-catalog.model.js';
export * from './partner-catalog.ports.js';
export * from './roaming-driver.ports.js';
