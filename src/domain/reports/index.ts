export * from './city-report.js';
export * from './report.service.js';
