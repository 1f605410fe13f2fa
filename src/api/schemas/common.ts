import { Type, type Static } from 'typebox';

export const ErrorBody = Type.Object(
  {
    code: Type.String({ description: 'Stable error code, e.g. STATION_NOT_FOUND' }),
    message: Type.String(),
    details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { $id: 'ErrorBody' },
);

export const errorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
} as const;

export const PageQuery = {
  cursor: Type.Optional(Type.String({ maxLength: 512, description: 'nextCursor of the previous page' })),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
};

export const IdParam = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
export type IdParam = Static<typeof IdParam>;

export const Identifier = Type.String({ minLength: 1, maxLength: 36, pattern: '^[A-Za-z0-9._~-]+$' });

/** `t` or null: a field that is always present but may be empty. */
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
