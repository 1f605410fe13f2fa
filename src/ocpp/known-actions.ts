import { createRequire } from 'node:module';
import type { OcppProtocol } from './context.js';

const require = createRequire(import.meta.url);

/** The schema sets ocpp-rpc validates each version against (strict mode). */
const SCHEMA_FILES: Record<OcppProtocol, string> = {
  'ocpp1.6': 'ocpp-rpc/lib/schemas/ocpp1_6.json',
  'ocpp2.0.1': 'ocpp-rpc/lib/schemas/ocpp2_0_1.json',
};

function actionsOf(file: string): ReadonlySet<string> {
  const schemas = require(file) as { $id?: string }[];
  return new Set(schemas.flatMap((s) => /^urn:(\w+)\.req$/.exec(s.$id ?? '')?.[1] ?? []));
}

/**
 * Every action of a version's schema set (both directions): an action in it that we do not handle
 * is recognised but not supported (OCPP-J NotSupported); one outside it is not known (NotImplemented).
 * Read from the very schemas that validate the calls, so the two lists cannot drift apart.
 */
export const KNOWN_ACTIONS: Record<OcppProtocol, ReadonlySet<string>> = {
  'ocpp1.6': actionsOf(SCHEMA_FILES['ocpp1.6']),
  'ocpp2.0.1': actionsOf(SCHEMA_FILES['ocpp2.0.1']),
};
