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
