import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { ApiDeps } from '../deps.js';
import { errorResponses, Nullable } from '../schemas/common.js';
import type { TypedApp } from '../typed-app.js';

/** Who the presented key is: what the console (or a script) shows and hides by. */
export async function meRoutes(base: FastifyInstance, deps: ApiDeps): Promise<void> {
  const app = base as TypedApp;
  app.get('/v1/me', {
    schema: {
      tags: ['access'],
      summary: 'The caller: the platform admin, or an operator key with its operator and roles',
      response: {
        200: Type.Object({
          kind: Type.Union([Type.Literal('admin'), Type.Literal('operator')]),
          keyId: Nullable(Type.String()),
          operatorId: Nullable(Type.String()),
          operatorName: Nullable(Type.String()),
          roles: Type.Array(Type.String()),
        }),
        ...errorResponses,
      },
    },
  }, async (req) => {
    const p = req.principal;
    if (p.kind === 'admin') return { kind: 'admin' as const, keyId: null, operatorId: null, operatorName: null, roles: [] };
    const op = await deps.catalog.repo.getOperator(p.operatorId);
    return { kind: 'operator' as const, keyId: p.keyId, operatorId: p.operatorId, operatorName: op?.name ?? null, roles: [...p.roles] };
  });
}
