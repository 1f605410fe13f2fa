import { Type } from 'typebox';
import { ID_TOKEN_TYPES, TOKEN_STATUSES } from '../../domain/authorization/index.js';
import type { CommandParams } from '../../domain/commands/index.js';
import { LOCAL_LIST_UPDATE_TYPES, type LocalListEntry } from '../../domain/local-lists/local-list.model.js';

/** One entry of a local authorization list as the API takes it (no status in a differential update: remove the token). */
export const LocalListEntryInput = Type.Object(
  {
    idToken: Type.String({ minLength: 1, maxLength: 36, description: '1.6 stations are sent only tokens of up to 20 characters' }),
    type: Type.Optional(Type.Enum(ID_TOKEN_TYPES, { description: '2.0.1 IdTokenEnumType (default ISO14443)' })),
    status: Type.Optional(Type.Enum(TOKEN_STATUSES)),
    expiresAt: Type.Optional(Type.String({ format: 'date-time' })),
    groupId: Type.Optional(Type.String({ minLength: 1, maxLength: 36 })),
  },
  { additionalProperties: false },
);

/** The body fields of update-firmware, send-local-list and (un)publish-firmware. */
export const FleetCommandFields = {
  location: Type.Optional(Type.String({ minLength: 1, maxLength: 512, description: 'update-firmware: the URL of the image' })),
  retrieveAt: Type.Optional(Type.String({ format: 'date-time', description: 'update-firmware: when to fetch it' })),
  installAt: Type.Optional(Type.String({ format: 'date-time', description: 'update-firmware: when to install it (default: when fetched)' })),
  signature: Type.Optional(Type.String({ minLength: 1, maxLength: 800, description: 'update-firmware: the base64 signature of the image' })),
  signingCertificate: Type.Optional(Type.String({ minLength: 1, maxLength: 5500, description: 'update-firmware: PEM certificate of the signer (1.6 signed updates need it)' })),
  retries: Type.Optional(Type.Integer({ minimum: 0, maximum: 20 })),
  retryInterval: Type.Optional(Type.Integer({ minimum: 0, maximum: 86_400, description: 'seconds' })),
  listVersion: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'send-local-list: the version the list has afterwards' })),
  updateType: Type.Optional(Type.Enum(LOCAL_LIST_UPDATE_TYPES, { description: 'send-local-list' })),
  localAuthorizationList: Type.Optional(Type.Array(LocalListEntryInput, { maxItems: 10_000, description: 'send-local-list' })),
  checksum: Type.Optional(Type.String({ minLength: 32, maxLength: 32, pattern: '^[0-9a-fA-F]{32}$', description: 'publish-firmware / unpublish-firmware: the MD5 of the image, hex' })),
};

interface FleetBody {
  location?: string | undefined;
  retrieveAt?: string | undefined;
  installAt?: string | undefined;
  signature?: string | undefined;
  signingCertificate?: string | undefined;
  retries?: number | undefined;
  retryInterval?: number | undefined;
  listVersion?: number | undefined;
  updateType?: string | undefined;
  checksum?: string | undefined;
  localAuthorizationList?: readonly { idToken: string; type?: string | undefined; status?: string | undefined; expiresAt?: string | undefined; groupId?: string | undefined }[] | undefined;
}

/** The fleet fields of a body folded into the command's firmware, localList and publish params; the rest is left as it is. */
export function fleetCommandParams<B extends FleetBody>(body: B): Omit<B, keyof FleetBody> & Pick<CommandParams, 'firmware' | 'localList' | 'publish'> {
  const { location, retrieveAt, installAt, signature, signingCertificate, retries, retryInterval, listVersion, updateType, localAuthorizationList, checksum, ...rest } = body;
  const firmware =
    location !== undefined && retrieveAt !== undefined ? { location, retrieveAt, installAt, signature, signingCertificate, retries, retryInterval, requestId: 0 } : undefined;
  const localList =
    listVersion !== undefined
      ? {
          version: listVersion,
          updateType: updateType === 'Differential' ? ('Differential' as const) : ('Full' as const),
          entries: (localAuthorizationList ?? []).map((e): LocalListEntry => ({ ...e, type: e.type ?? 'ISO14443' })),
        }
      : undefined;
  const publish = checksum !== undefined ? { location, checksum, retries, retryInterval } : undefined;
  return { ...rest, firmware, localList, publish };
}
