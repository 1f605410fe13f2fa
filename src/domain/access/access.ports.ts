import type { OperatorRole } from '../catalog/index.js';

export interface ApiKeyRecord {
  readonly id: string;
  readonly operatorId: string;
  readonly name: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

export interface ApiKeyRepository {
  create(k: { id: string; operatorId: string; name: string; secretHash: string }): Promise<ApiKeyRecord>;
  /** For authentication: the key with its hash and its operator's roles, if not revoked. */
  findActive(id: string): Promise<{ operatorId: string; secretHash: string; roles: OperatorRole[] } | null>;
  list(operatorId: string | undefined): Promise<ApiKeyRecord[]>;
  revoke(id: string, at: Date): Promise<boolean>;
}

/**
 * Counts requests per API key in fixed windows: shared by every API node (Redis), so a key's
 * limit holds however many nodes serve it, or in process (one node).
 */
export interface RequestCounter {
  /** Counts one request of `key`; returns the count in the current window and the ms until it ends. */
  hit(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }>;
}
