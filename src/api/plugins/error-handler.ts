import type { FastifyError, FastifyInstance } from 'fastify';
import { type ErrorCode, isAppError } from '../../shared/errors.js';

/** Every ErrorCode's HTTP status; test/unit/shared/errors.test.ts keeps it complete. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  MALFORMED_REQUEST: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INVALID_CURSOR: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
  API_KEY_NOT_FOUND: 404,
  NOT_FOUND: 404,
  OPERATOR_NOT_FOUND: 404,
  LOCATION_NOT_FOUND: 404,
  STATION_NOT_FOUND: 404,
  TOKEN_NOT_FOUND: 404,
  SESSION_NOT_FOUND: 404,
  EVSE_NOT_FOUND: 404,
  CONNECTOR_NOT_FOUND: 404,
  COMMAND_NOT_FOUND: 404,
  RESERVATION_NOT_FOUND: 404,
  TARIFF_NOT_FOUND: 404,
  TARIFF_ALREADY_EXISTS: 409,
  AGREEMENT_NOT_FOUND: 404,
  AGREEMENT_ALREADY_EXISTS: 409,
  AGREEMENT_IN_USE: 409,
  CDR_NOT_FOUND: 404,
  CDR_NOT_REVIEWABLE: 409,
  DISPUTE_NOT_FOUND: 404,
  DISPUTE_NOT_OPEN: 409,
  DISPUTE_ALREADY_OPEN: 409,
  STATEMENT_NOT_FOUND: 404,
  GRID_LIMIT_NOT_FOUND: 404,
  PARTNER_NOT_FOUND: 404,
  PARTNER_ALREADY_EXISTS: 409,
  SESSION_NOT_ACTIVE: 409,
  TRANSACTION_UNKNOWN: 404,
  OPERATOR_ALREADY_EXISTS: 409,
  LOCATION_ALREADY_EXISTS: 409,
  STATION_ALREADY_EXISTS: 409,
  TOKEN_ALREADY_EXISTS: 409,
  OPERATOR_IN_USE: 409,
  LOCATION_IN_USE: 409,
  STATION_IN_USE: 409,
  STORE_UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** Errors leave as { code, message, details? }; a 5xx never shows internals. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (isAppError(err)) {
      const status = HTTP_STATUS[err.code];
      if (status >= 500) req.log.error({ err }, 'request failed');
      return reply.status(status).send({ code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) });
    }
    if (err.validation) {
      const first = err.validation[0];
      const path = first?.instancePath ? first.instancePath.slice(1).replaceAll('/', '.') : '';
      const missing = (first?.params as { missingProperty?: string } | undefined)?.missingProperty;
      const extra = (first?.params as { additionalProperty?: string } | undefined)?.additionalProperty;
      const field = [path, missing ?? extra].filter(Boolean).join('.') || undefined;
      const where = err.validationContext ?? 'request';
      const what = extra ? 'is not an accepted field' : (first?.message ?? 'is invalid');
      return reply.status(400).send({
        code: 'VALIDATION_FAILED',
        message: field ? `${where}.${field} ${what}` : `${where} ${what}`,
        details: { in: where, ...(field ? { field } : {}) },
      });
    }
    if (err.statusCode && err.statusCode < 500) {
      // Fastify's own 4xx (bad JSON, body too large, unsupported media type…) in our vocabulary.
      const code: ErrorCode =
        err.statusCode === 429 ? 'RATE_LIMITED' : err.statusCode === 413 ? 'PAYLOAD_TOO_LARGE' : err.statusCode === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'MALFORMED_REQUEST';
      return reply.status(HTTP_STATUS[code] === err.statusCode ? err.statusCode : 400).send({ code, message: err.message });
    }
    req.log.error({ err }, 'request failed');
    return reply.status(500).send({ code: 'INTERNAL', message: 'Internal server error' });
  });
  app.setNotFoundHandler((req, reply) =>
    reply.status(404).send({ code: 'NOT_FOUND', message: `Route ${req.method} ${req.url.split('?')[0]} not found` }),
  );
}
