export * from './outbound-partner.js';
export * from './partner-token.js';
export * from './tcec-client.js';
export * from './seq-issuer.js';
