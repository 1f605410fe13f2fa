/**
 * The station's local authorization list (1.6 SendLocalList / 2.0.1 D01–D04): kept with its
 * version, updated in full or by differences, and used to authorize while offline.
 */
export interface LocalListItem {
  idToken: string;
  /** Absent in a differential update: remove the token. */
  status?: string | undefined;
}

export class StationLocalList {
  version = 0;
  readonly entries = new Map<string, string>();

  /** Applies an update; a differential one must be newer than the list it changes. */
  apply(updateType: string, version: number, items: readonly LocalListItem[]): 'Accepted' | 'VersionMismatch' | 'Failed' {
    if (updateType === 'Differential' && version <= this.version) return 'VersionMismatch';
    if (updateType === 'Full') this.entries.clear();
    for (const i of items) {
      if (i.status === undefined) this.entries.delete(i.idToken);
      else this.entries.set(i.idToken, i.status);
    }
    this.version = version;
    return 'Accepted';
  }

  /** The token's status on the list, or undefined when it is not on it. */
  statusOf(idToken: string): string | undefined {
    return this.entries.get(idToken);
  }
}

/** The items of a SendLocalList in either version. */
export function localListItems(params: Record<string, unknown>): LocalListItem[] {
  const raw = (params['localAuthorizationList'] as Record<string, unknown>[] | undefined) ?? [];
  return raw.map((e) => {
    const tag = e['idTag'] ?? (e['idToken'] as { idToken?: string } | undefined)?.idToken;
    const info = (e['idTagInfo'] ?? e['idTokenInfo']) as { status?: string } | undefined;
    return { idToken: String(tag), status: info?.status };
  });
}
