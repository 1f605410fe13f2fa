import type { AuthorizationDecision } from '../domain/authorization/index.js';

/**
 * 1.6 AuthorizationStatus has no "Unknown" and no place or time refusals: an unknown idTag, and a
 * token no agreement lets charge here, are Invalid (docs/decisions/0008).
 */
export function idTagInfo16(d: AuthorizationDecision): Record<string, unknown> {
  const status = d.status === 'Unknown' || d.status === 'NotAtThisLocation' || d.status === 'NotAtThisTime' ? 'Invalid' : d.status;
  return {
    status,
    ...(d.expiresAt ? { expiryDate: d.expiresAt.toISOString() } : {}),
    ...(d.groupId ? { parentIdTag: d.groupId.slice(0, 20) } : {}),
  };
}

export function idTokenInfo201(d: AuthorizationDecision): Record<string, unknown> {
  return {
    status: d.status,
    ...(d.expiresAt ? { cacheExpiryDateTime: d.expiresAt.toISOString() } : {}),
    ...(d.groupId ? { groupIdToken: { idToken: d.groupId, type: 'Central' } } : {}),
  };
}
