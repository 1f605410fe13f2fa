import type { CommandKind } from '../../domain/commands/index.js';

/** Commands translated by each version's device-model-calls.ts. */
export const DEVICE_MODEL_KINDS: ReadonlySet<CommandKind> = new Set<CommandKind>(['get-variables', 'set-variables', 'get-base-report', 'get-report']);

/** Commands translated by each version's station-management-calls.ts (what only 2.0.1 has fails on 1.6). */
export const STATION_MANAGEMENT_KINDS: ReadonlySet<CommandKind> = new Set<CommandKind>([
  'clear-cache',
  'data-transfer',
  'get-log',
  'set-display-message',
  'get-display-messages',
  'clear-display-message',
  'customer-information',
]);
