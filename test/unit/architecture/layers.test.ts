import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult, type IForbiddenRuleType } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

/**
 * The import rules of docs/architecture.md, enforced by dependency-cruiser: data flows
 * station → gateway → domain → store/bus → API, edges never import each other, and each
 * third-party library stays behind the edge made for it.
 */
const root = fileURLToPath(new URL('../../..', import.meta.url));

const forbid = (name: string, from: string, to: string, pathNot?: string): IForbiddenRuleType => ({
  name,
  severity: 'error',
  from: { path: from },
  to: pathNot ? { path: to, pathNot } : { path: to },
});

const RULES: IForbiddenRuleType[] = [
  forbid('shared-is-a-leaf', '^src/shared/', '^src/(domain|ocpp|api|roaming|adapters|jobs|config|seed|composition)/'),
  forbid('domain-is-pure', '^src/domain/', '^src/(ocpp|api|roaming|adapters|jobs|config|seed|composition)/'),
  forbid('domain-has-no-io-libraries', '^src/domain/', '^node_modules/(ocpp-rpc|ws|fastify|@fastify|@prisma|prisma|pg|redis|@redis|node-cron|pino|@electric-sql|pglite-prisma-adapter)/'),
  forbid('ocpp-edge-stays-an-edge', '^src/ocpp/', '^src/(api|roaming|adapters|jobs|seed)/'),
  forbid('api-edge-stays-an-edge', '^src/api/', '^src/(ocpp|roaming|adapters|jobs|seed)/'),
  // Each roaming protocol (T/CEC 102, OCPI) is an edge of its own over the same use cases.
  forbid('roaming-edge-stays-an-edge', '^src/roaming/', '^src/(ocpp|api|adapters|jobs|seed)/'),
  forbid('roaming-protocols-stay-apart', '^src/roaming/([^/]+)/', '^src/roaming/(?!$1/)[^/]+/'),
  forbid('jobs-edge-stays-an-edge', '^src/jobs/', '^src/(ocpp|api|roaming|adapters|seed)/'),
  forbid('adapters-never-import-edges', '^src/adapters/', '^src/(ocpp|api|roaming|jobs|seed)/'),
  forbid('ocpp-rpc-only-in-gateway', '^src/(?!ocpp/)', '^node_modules/(ocpp-rpc|ws)/'),
  // Roaming protocols serve their own routes on the API listener (registered by src/composition).
  forbid('fastify-only-in-api-and-roaming', '^src/(?!api/|roaming/)', '^node_modules/(fastify|@fastify)/'),
  forbid('prisma-only-in-its-adapter', '^src/(?!adapters/prisma/)', '^node_modules/(@prisma|prisma|pg|@electric-sql|pglite-prisma-adapter)/'),
  forbid('redis-only-in-its-adapter', '^src/(?!adapters/redis/)', '^node_modules/(redis|@redis)/'),
  forbid('cron-only-in-jobs', '^src/(?!jobs/)', '^node_modules/node-cron/'),
  forbid('pino-only-in-main', '^src/(?!main\\.ts)', '^node_modules/pino/'),
  // src/composition wires the layers together; only the program (and tests) may use it.
  forbid('only-main-composes', '^src/(?!main\\.ts$|composition/)', '^src/composition/'),
  // The console is static files in the browser: it reaches the platform over /v1 only, and nothing imports it.
  forbid('console-talks-only-over-http', '^src/console/', '^src/(?!console/)'),
  forbid('console-is-not-imported', '^src/(?!console/)', '^src/console/'),
  forbid('console-browser-code-has-no-node-libraries', '^src/console/app/', '^node_modules/(esbuild|fastify|@fastify|pg|@prisma|redis|ws|ocpp-rpc|pino)/'),
  { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
];

describe('architecture', () => {
  // Cruising the whole tree takes seconds on a busy machine: the bound is generous, the rules are not.
  it('src/ keeps the layer and library rules', { timeout: 120_000 }, async () => {
    const result = await cruise(['src'], {
      baseDir: root,
      ruleSet: { forbidden: RULES },
      tsConfig: { fileName: 'tsconfig.json' },
      doNotFollow: { path: 'node_modules' },
      exclude: { path: 'src/adapters/prisma/generated' },
      validate: true,
    });
    const output = result.output as ICruiseResult;
    const violations = output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
    expect(output.summary.totalCruised).toBeGreaterThan(40);
    expect(violations).toEqual([]);
  });
});
