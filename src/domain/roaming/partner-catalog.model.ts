/** Where a partner's connector sits in our catalog (the driver side's map of its stations). */
export interface PartnerConnectorLink {
  readonly partnerId: string;
  readonly partnerConnectorId: string;
  readonly locationId: string;
  readonly stationId: string;
  readonly evseNo: number;
  readonly connectorNo: number;
}

/** A T/CEC driver-side view of one charge, as the API shows it. */
export interface StartChargeInput {
  /** Our catalog's connector at the partner's station. */
  readonly stationId: string;
  readonly evseNo: number;
  readonly connectorNo?: number | undefined;
  /** Our driver's token. */
  readonly idToken: string;
}
