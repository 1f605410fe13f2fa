export * from './tariff.model.js';
export * from './tariff.ports.js';
export * from './tariff.service.js';
