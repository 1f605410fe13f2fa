import type { AuthorizationDecision } from '../domain/authorization/index.js';

/**
 * A token's group as each version carries it, the same in authorization answers and in the
 * commands that name the token: 1.6 parentIdTag (20 characters at most), 2.0.1 groupIdToken
 * (a group is no physical card: type Central).
 */
export const parentIdTag16 = (groupId: string): string => groupId.slice(0, 20);
export const groupIdToken201 = (groupId: string): { idToken: string; type: 'Central' } => ({ idToken: groupId, type: 'Central' });

/**
 * 1.6 AuthorizationStatus has no "Unknown" and no place or time refusals: an unknown idTag, and a
 * token no agreement lets charge here, are Invalid (docs/decisions/0008).
 */
export function idTagInfo16(d: AuthorizationDecision): Record<string, unknown> {
  const status = d.status === 'Unknown' || d.status === 'NotAtThisLocation' || d.status === 'NotAtThisTime' ? 'Invalid' : d.status;
  return {
    status,
    ...(d.expiresAt ? { expiryDate: d.expiresAt.toISOString() } : {}),
    ...(d.groupId ? { parentIdTag: parentIdTag16(d.groupId) } : {}),
  };
}

export function idTokenInfo201(d: AuthorizationDecision): Record<string, unknown> {
  return {
    status: d.status,
    ...(d.expiresAt ? { cacheExpiryDateTime: d.expiresAt.toISOString() } : {}),
    ...(d.groupId ? { groupIdToken: groupIdToken201(d.groupId) } : {}),
  };
}
