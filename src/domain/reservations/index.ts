export * from './reservation.model.js';
export * from './reservation.ports.js';
export * from './reservation.service.js';
export * from './reservation-follow-ups.consumer.js';
