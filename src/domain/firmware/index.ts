export * from './firmware.model.js';
export * from './firmware-campaign.model.js';
export * from './firmware-campaign.ports.js';
export * from './firmware-campaign.service.js';
export * from './firmware-campaigns.consumer.js';
