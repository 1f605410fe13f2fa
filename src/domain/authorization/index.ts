export * from './authorization.js';
