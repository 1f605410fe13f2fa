/**
 * A charge that runs through a roaming partner. Station side: the partner's driver charges on
 * our connector (the partner asked us to start it). Driver side: our driver charges on the
 * partner's connector (we asked the partner). `ref` is the protocol's own reference for it
 * (T/CEC StartChargeSeq: the starting side's OperatorID + 18 characters).
 */
export const ROAMING_SIDES = ['station', 'driver'] as const;
export type RoamingSide = (typeof ROAMING_SIDES)[number];

/** T/CEC StartChargeSeqStat: 1 starting, 2 charging, 3 stopping, 4 finished, 5 unknown. */
export const CHARGE_STATES = { starting: 1, charging: 2, stopping: 3, finished: 4, unknown: 5 } as const;
export type ChargeState = (typeof CHARGE_STATES)[keyof typeof CHARGE_STATES];

export interface RoamingCharge {
  readonly partnerId: string;
  readonly ref: string;
  readonly side: RoamingSide;
  /** Our catalog's connector (for the driver side: where the partner's connector sits in it). */
  readonly stationId: string;
  readonly evseNo: number;
  readonly connectorNo: number;
  /** The connector as the protocol names it. */
  readonly partnerConnectorId: string;
  /** Driver side: our token that charges; station side: the partner's (QR code, card) if it said. */
  readonly idToken: string | null;
  /** Who pays: driver side our member operator; station side the partner. */
  readonly providerId: string;
  /** Station side: the remote start command. */
  readonly commandId: string | null;
  /** Station side: our session, once the station started it. */
  readonly sessionId: string | null;
  readonly state: ChargeState;
  readonly startedAt: Date | null;
  readonly stoppedAt: Date | null;
  /** The latest energy the charge reached (Wh), as the station or the partner reported it. */
  readonly energyWh: number | null;
  /** The CDR of the finished charge (ours for the station side, made from the partner's order for the driver side). */
  readonly cdrId: string | null;
  /** Driver side: what we answered to its order (0 confirmed, 1 disputed) and the dispute reason. */
  readonly confirmResult: number | null;
  readonly disputeReason: number | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export type NewRoamingCharge = Pick<RoamingCharge, 'partnerId' | 'ref' | 'side' | 'stationId' | 'evseNo' | 'connectorNo' | 'partnerConnectorId' | 'idToken' | 'providerId' | 'commandId'> & {
  readonly createdAt: Date;
};

export type RoamingChargePatch = Partial<Pick<RoamingCharge, 'commandId' | 'sessionId' | 'state' | 'startedAt' | 'stoppedAt' | 'energyWh' | 'cdrId' | 'confirmResult' | 'disputeReason'>>;
