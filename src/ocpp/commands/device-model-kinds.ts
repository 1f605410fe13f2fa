import type { CommandKind } from '../../domain/commands/index.js';

/** Commands translated by each version's device-model-calls.ts. */
export const DEVICE_MODEL_KINDS: ReadonlySet<CommandKind> = new Set<CommandKind>(['get-variables', 'set-variables', 'get-base-report', 'get-report']);
