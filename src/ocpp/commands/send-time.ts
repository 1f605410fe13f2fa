import type { CommandKind } from '../../domain/commands/index.js';

/** Commands translated by each version's security-commands.ts. */
export const SECURITY_KINDS: ReadonlySet<CommandKind> = new Set<CommandKind>([
  'install-certificate',
  'get-installed-certificate-ids',
  'delete-certificate',
  'renew-certificate',
  'rotate-password',
  'certificate-signed',
]);

/** What a command's message needs that is made only when it is sent, never stored with the command. */
export interface SendTimeSecrets {
  /** rotate-password: the new key, as the station is to be sent it. */
  readonly stationKey?: string | undefined;
  /** get-log: the one-time URL the station uploads the file to. */
  readonly uploadUrl?: string | undefined;
}

/** A command this OCPP version cannot express: it fails with this message instead of being sent. */
export class NotExpressible extends Error {}
