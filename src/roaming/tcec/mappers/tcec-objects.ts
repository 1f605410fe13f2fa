/**
 * T/CEC 102 business objects as they travel inside the envelope's Data (canonical spelling of
 * Part 3, including its `Sevice*` misspelling; a partner's alias map rewrites names at the
 * envelope). Money in yuan, energy in kWh, times "YYYY-MM-DD HH:mm:ss" in Asia/Shanghai.
 */

/** 1 DC, 2 AC, 3 AC/DC integrated, 4 wireless, 5 other. */
export type EquipmentType = 1 | 2 | 3 | 4 | 5;
/** 1 household socket (mode 2), 2 AC socket (mode 3 B), 3 AC plug with cable (mode 3 C), 4 DC gun with cable (mode 4), 5 wireless, 6 other. */
export type ConnectorType = 1 | 2 | 3 | 4 | 5 | 6;
/** Edition of GB/T 20234: 1 = 2011, 2 = 2015. */
export type NationalStandard = 1 | 2;
/** 0 offline, 1 idle, 2 occupied not charging, 3 occupied charging, 4 reserved/locked, 255 fault. */
export type TcecConnectorStatus = 0 | 1 | 2 | 3 | 4 | 255;
export const TCEC_CONNECTOR_STATUSES: readonly TcecConnectorStatus[] = [0, 1, 2, 3, 4, 255];
/** 0 unknown, 1 under construction, 5 closed/offline, 6 maintenance, 50 in normal use. */
export type StationStatus = 0 | 1 | 5 | 6 | 50;

export interface ConnectorInfo {
  readonly ConnectorID: string;
  readonly ConnectorName?: string | undefined;
  readonly ConnectorType: number;
  readonly VoltageUpperLimits: number;
  readonly VoltageLowerLimits: number;
  readonly Current: number;
  readonly Power: number;
  readonly ParkNo?: string | undefined;
  readonly NationalStandard: number;
}

export interface EquipmentInfo {
  readonly EquipmentID: string;
  readonly ManufacturerID?: string | undefined;
  readonly ManufacturerName?: string | undefined;
  readonly EquipmentModel?: string | undefined;
  readonly ProductionDate?: string | undefined;
  readonly EquipmentType: number;
  readonly EquipmentLng?: number | undefined;
  readonly EquipmentLat?: number | undefined;
  readonly Power: number;
  readonly EquipmentName?: string | undefined;
  readonly ConnectorInfos: readonly ConnectorInfo[];
}

export interface StationInfo {
  readonly StationID: string;
  readonly OperatorID: string;
  readonly EquipmentOwnerID: string;
  readonly StationName: string;
  readonly CountryCode: string;
  readonly AreaCode: string;
  readonly Address: string;
  readonly StationTel?: string | undefined;
  readonly ServiceTel: string;
  readonly StationType: number;
  readonly StationStatus: number;
  readonly ParkNums: number;
  /** GCJ-02, 6 decimals. */
  readonly StationLng: number;
  readonly StationLat: number;
  readonly SiteGuide?: string | undefined;
  readonly Construction: number;
  readonly Pictures?: readonly string[] | undefined;
  readonly BusineHours?: string | undefined;
  readonly ElectricityFee?: string | undefined;
  readonly ServiceFee?: string | undefined;
  readonly ParkFee?: string | undefined;
  readonly Payment?: string | undefined;
  readonly SupportOrder?: number | undefined;
  readonly Remark?: string | undefined;
  readonly EquipmentInfos: readonly EquipmentInfo[];
}

export interface ConnectorStatusInfo {
  readonly ConnectorID: string;
  readonly Status: number;
  readonly ParkStatus?: number | undefined;
  readonly LockStatus?: number | undefined;
}

export interface StationStatusInfo {
  readonly StationID: string;
  readonly ConnectorStatusInfos: readonly ConnectorStatusInfo[];
}

/** One band of a time-of-use tariff: from StartTime (HHmmss) until the next band's start. */
export interface PolicyInfo {
  readonly StartTime: string;
  readonly ElecPrice: number;
  readonly SevicePrice: number;
}

/** One priced period of a charge. */
export interface ChargeDetail {
  readonly DetailStartTime: string;
  readonly DetailEndTime: string;
  readonly ElecPrice: number;
  readonly SevicePrice: number;
  readonly DetailPower: number;
  readonly DetailElecMoney: number;
  readonly DetailSeviceMoney: number;
}

/** 0 user, 1 the customer's home platform, 2 BMS, 3 charger fault, 4 connector disconnected, 5–99 custom. */
export type StopReason = number;

/** The body of notification_charge_order_info. */
export interface ChargeOrderInfo {
  readonly StartChargeSeq: string;
  readonly ConnectorID: string;
  readonly StartTime: string;
  readonly EndTime: string;
  readonly TotalPower: number;
  readonly TotalElecMoney: number;
  readonly TotalSeviceMoney: number;
  readonly TotalMoney: number;
  readonly StopReason: StopReason;
  readonly SumPeriod: number;
  readonly ChargeDetails: readonly ChargeDetail[];
  readonly Vin?: string | undefined;
}

/** 1 order not found, 2 amount wrong, 3 energy wrong, 4–99 custom. */
export type DisputeReason = 1 | 2 | 3;

export interface CheckedOrder {
  readonly StartChargeSeq: string;
  readonly TotalPower: number;
  readonly TotalMoney: number;
}

export interface DisputedOrder extends CheckedOrder {
  readonly DisputeReason: number;
}
