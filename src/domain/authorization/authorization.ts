import type { Clock } from '../../shared/clock.js';
import { mayRoam } from '../access/roaming.js';
import type { AgreementLookup } from '../agreements/agreement.ports.js';

export const TOKEN_STATUSES = ['Accepted', 'Blocked', 'Expired', 'Invalid'] as const;
export type TokenStatus = (typeof TOKEN_STATUSES)[number];

/** OCPP 2.0.1 IdTokenEnumType: what kind of identifier a token is (1.6 idTags have no type). */
export const ID_TOKEN_TYPES = ['ISO14443', 'ISO15693', 'KeyCode', 'eMAID', 'MacAddress', 'Central', 'Local', 'NoAuthorization'] as const;
export type IdTokenType = (typeof ID_TOKEN_TYPES)[number];

/** Our name for an ISO 14443 (MIFARE) card before token types followed OCPP 2.0.1. */
export const LEGACY_RFID_TYPE = 'RFID';

/** A stored or submitted type as an IdTokenEnumType: legacy 'RFID' is ISO14443, the default type. */
export function idTokenType(value: string | undefined): IdTokenType {
  return (ID_TOKEN_TYPES as readonly string[]).includes(value ?? '') ? (value as IdTokenType) : 'ISO14443';
}

export interface IdToken {
  readonly uid: string;
  readonly operatorId: string;
  readonly type: IdTokenType;
  readonly status: TokenStatus;
  readonly expiresAt: Date | null;
  readonly groupId: string | null;
}

/**
 * Version-neutral answer; the OCPP edge turns it into idTagInfo (1.6) or idTokenInfo (2.0.1).
 * NotAtThisLocation: no agreement lets the token's provider charge at this operator's stations in
 * this city; NotAtThisTime: one does, but not now (2.0.1 says so; 1.6 can only say Invalid).
 */
export interface AuthorizationDecision {
  readonly status: TokenStatus | 'Unknown' | 'NotAtThisLocation' | 'NotAtThisTime';
  readonly expiresAt?: Date | undefined;
  readonly groupId?: string | undefined;
  /** The token's operator: the provider (EMSP) who pays for the session. */
  readonly operatorId?: string | undefined;
  /** The agreement that allowed a token of another operator (recorded on the session). */
  readonly agreementId?: string | undefined;
}

/** Where the token is presented: the station's operator and city. */
export interface ChargingPlace {
  readonly operatorId: string;
  readonly city: string | null;
}

export interface TokenLookup {
  findToken(uid: string): Promise<IdToken | null>;
}

/** Decides whether an id token may charge: the token itself, then the agreements for the place. */
export class AuthorizationService {
  constructor(
    private readonly tokens: TokenLookup,
    private readonly agreements: AgreementLookup,
    private readonly clock: Clock,
  ) {}

  async authorize(uid: string, place?: ChargingPlace): Promise<AuthorizationDecision> {
    const now = this.clock.now();
    const token = await this.tokens.findToken(uid);
    const own = decide(token, now);
    if (own.status !== 'Accepted' || !place || !token || token.operatorId === place.operatorId) return own;
    const verdict = mayRoam(token.operatorId, place.operatorId, place.city, now, await this.agreements.between(token.operatorId, place.operatorId));
    if (!verdict.allowed) return { ...own, status: verdict.reason === 'NOT_NOW' ? 'NotAtThisTime' : 'NotAtThisLocation' };
    return verdict.agreementId ? { ...own, agreementId: verdict.agreementId } : own;
  }
}

export function decide(token: IdToken | null, now: Date): AuthorizationDecision {
  if (!token) return { status: 'Unknown' };
  const base = {
    operatorId: token.operatorId,
    ...(token.groupId ? { groupId: token.groupId } : {}),
    ...(token.expiresAt ? { expiresAt: token.expiresAt } : {}),
  };
  if (token.status !== 'Accepted') return { ...base, status: token.status };
  if (token.expiresAt && token.expiresAt.getTime() <= now.getTime()) return { ...base, status: 'Expired' };
  return { ...base, status: 'Accepted' };
}
