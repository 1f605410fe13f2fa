/**
 * One catalogue of error codes. Every code has a row in the HTTP map (api/plugins/error-handler.ts)
 * and the OCPP map (ocpp/error-map.ts); test/unit/shared/errors.test.ts keeps them complete.
 */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'MALFORMED_REQUEST',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'RATE_LIMITED',
  'API_KEY_NOT_FOUND',
  'NOT_FOUND',
  'OPERATOR_NOT_FOUND',
  'OPERATOR_ALREADY_EXISTS',
  'OPERATOR_IN_USE',
  'LOCATION_NOT_FOUND',
  'LOCATION_ALREADY_EXISTS',
  'LOCATION_IN_USE',
  'STATION_NOT_FOUND',
  'STATION_ALREADY_EXISTS',
  'STATION_IN_USE',
  'TOKEN_NOT_FOUND',
  'TOKEN_ALREADY_EXISTS',
  'SESSION_NOT_FOUND',
  'EVSE_NOT_FOUND',
  'CONNECTOR_NOT_FOUND',
  'COMMAND_NOT_FOUND',
  'RESERVATION_NOT_FOUND',
  'TARIFF_NOT_FOUND',
  'TARIFF_ALREADY_EXISTS',
  'AGREEMENT_NOT_FOUND',
  'AGREEMENT_ALREADY_EXISTS',
  'AGREEMENT_IN_USE',
  'CDR_NOT_FOUND',
  'CDR_NOT_REVIEWABLE',
  'DISPUTE_NOT_FOUND',
  'DISPUTE_NOT_OPEN',
  'DISPUTE_ALREADY_OPEN',
  'STATEMENT_NOT_FOUND',
  'GRID_LIMIT_NOT_FOUND',
  'PARTNER_NOT_FOUND',
  'PARTNER_ALREADY_EXISTS',
  'SESSION_NOT_ACTIVE',
  'TRANSACTION_UNKNOWN',
  'INVALID_CURSOR',
  'STORE_UNAVAILABLE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
