export * from './job-lock.js';
