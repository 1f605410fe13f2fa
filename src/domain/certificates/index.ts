export * from './certificate.model.js';
export * from './certificate.ports.js';
export * from './certificate.service.js';
export * from './certificate-issuer.consumer.js';
export * from './pem-certificate.js';
