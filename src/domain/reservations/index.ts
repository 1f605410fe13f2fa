export * from './reservation.model.js';
export * from './reservation.ports.js';
export * from './reservation.service.js';
