import type { CommandKind } from '../../domain/commands/index.js';

/** Commands translated by each version's fleet-commands.ts (triggers, transactions, firmware, local lists). */
export const FLEET_KINDS: ReadonlySet<CommandKind> = new Set<CommandKind>([
  'trigger',
  'get-transaction-status',
  'update-firmware',
  'send-local-list',
  'get-local-list-version',
  'publish-firmware',
  'unpublish-firmware',
]);
