/**
 * A roaming partner: a party outside the platform that we interconnect with over a roaming
 * protocol (T/CEC 102 now, OCPI later). It is a party like a member operator: it has an operator
 * record of its own with the same id, so agreements, CDRs and statements work for it unchanged.
 */
export const PARTNER_PROTOCOLS = ['tcec'] as const;
export type PartnerProtocol = (typeof PARTNER_PROTOCOLS)[number];

/** The partner's role towards us: it owns stations (cpo), its drivers use ours (emsp), or it supervises. */
export const PARTNER_ROLES = ['cpo', 'emsp', 'supervisor'] as const;
export type PartnerRole = (typeof PARTNER_ROLES)[number];

/** active: calls flow; failing: the last call to it failed (lastError says why); suspended: by the admin, nothing flows. */
export const PARTNER_STATES = ['active', 'failing', 'suspended'] as const;
export type PartnerState = (typeof PARTNER_STATES)[number];

/** The four T/CEC secrets of one direction (each a 16-character string, used as its UTF-8 bytes). */
export interface TcecSecrets {
  readonly operatorSecret: string;
  readonly dataSecret: string;
  readonly dataSecretIv: string;
  readonly sigSecret: string;
}

export interface TcecSettings {
  /** The partner's own 9-character OperatorID (organisation code). */
  readonly partnerOperatorId: string;
  /** The OperatorID we use towards this partner. */
  readonly ourOperatorId: string;
  /** Where we call them, up to the interface name, e.g. http://host/evcs/v1 */
  readonly baseUrl: string;
  /** What they use to call us. */
  readonly inbound: TcecSecrets;
  /** What we use to call them. */
  readonly outbound: TcecSecrets;
  /** Canonical field name → the partner's spelling (e.g. SevicePrice → ServicePrice). */
  readonly aliases: Readonly<Record<string, string>>;
  /** How often we push notification_equip_charge_status while charging; null: the default. */
  readonly statusPushSeconds: number | null;
  /** The envelope suite (crypto profile) this partner speaks. */
  readonly suite: string;
  /** Decimal places the partner expects on the wire (default: prices 4, money 2, energy 2). */
  readonly decimals?: PartnerDecimals | undefined;
}

/** Decimal places of numbers on the wire: unit prices, amounts of money, kWh. */
export interface PartnerDecimals {
  readonly price: number;
  readonly money: number;
  readonly energy: number;
}

export const DEFAULT_PARTNER_DECIMALS: PartnerDecimals = { price: 4, money: 2, energy: 2 };

/** TcecSettings without any secret: what may leave the platform (API, logs). */
export type TcecPublicSettings = Omit<TcecSettings, 'inbound' | 'outbound'>;

export interface PartnerError {
  readonly message: string;
  readonly at: Date;
}

export interface Partner {
  readonly id: string;
  readonly name: string;
  readonly protocol: PartnerProtocol;
  readonly role: PartnerRole;
  /**
   * Our member operators this partner is connected to (at least one, in the order given): it sees
   * their stations, and their stations' events are pushed to it.
   */
  readonly operatorIds: readonly string[];
  readonly state: PartnerState;
  readonly lastError: PartnerError | null;
  readonly tcec: TcecSettings;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export type NewPartner = Omit<Partner, 'state' | 'lastError' | 'createdAt' | 'updatedAt'> & { readonly state?: PartnerState };

export interface PartnerPatch {
  readonly name?: string | undefined;
  readonly role?: PartnerRole | undefined;
  /** Replaces the whole list. */
  readonly operatorIds?: readonly string[] | undefined;
  readonly state?: PartnerState | undefined;
  /** Replaces the named settings; inbound/outbound replace the whole set of four secrets. */
  readonly tcec?: Partial<TcecSettings> | undefined;
}

/** Whether the partner is connected to this member operator of ours. */
export const connectsTo = (p: Pick<Partner, 'operatorIds'>, operatorId: string): boolean => p.operatorIds.includes(operatorId);

/** The operator roles a partner's own operator record gets from its role towards us. */
export function operatorRolesOf(role: PartnerRole): ('CPO' | 'EMSP')[] {
  return role === 'cpo' ? ['CPO'] : role === 'emsp' ? ['EMSP'] : [];
}

export function publicTcecSettings(s: TcecSettings): TcecPublicSettings {
  const { inbound: _in, outbound: _out, ...rest } = s;
  return rest;
}
