/** One token on a station's local authorization list, in version-neutral terms. */
export interface LocalListEntry {
  readonly idToken: string;
  /** OCPP 2.0.1 IdTokenEnumType (1.6 idTags have no type). */
  readonly type: string;
  /** Accepted, Blocked, Expired, Invalid; absent in a differential update: remove the token. */
  readonly status?: string | undefined;
  readonly expiresAt?: string | undefined;
  readonly groupId?: string | undefined;
}

export const LOCAL_LIST_UPDATE_TYPES = ['Full', 'Differential'] as const;
export type LocalListUpdateType = (typeof LOCAL_LIST_UPDATE_TYPES)[number];

/** What SendLocalList carries: the version the list has after it, and the entries. */
export interface LocalListUpdate {
  readonly version: number;
  readonly updateType: LocalListUpdateType;
  readonly entries: readonly LocalListEntry[];
}
