import { Decimal } from 'decimal.js';
import type { CatalogLocation, CatalogStation } from '../../../domain/availability/availability.model.js';
import type { City } from '../../../domain/catalog/catalog.model.js';
import type { LiveStationState } from '../../../domain/availability/live-status.ports.js';
import type { ConnectorStatus } from '../../../domain/stations/connector-status.js';
import { areaCodeOf } from './area-code.js';
import { connectorTypeOf, electricalLimits, equipmentTypeOf, nationalStandardOf } from './connector-kind.js';
import { tcecConnectorId } from './connector-id.js';
import { tcecStatusOf } from './connector-status.js';
import { wgs84ToGcj02 } from './coordinates.js';
import type { ConnectorInfo, EquipmentInfo, StationInfo, StationStatusInfo } from './tcec-objects.js';
import { toWire } from './wire-numbers.js';

export interface StationInfoOptions {
  /** Our 9-character T/CEC OperatorID towards this partner. */
  readonly operatorId: string;
  /** Whose chargers these are (defaults to operatorId). */
  readonly equipmentOwnerId?: string | undefined;
  readonly serviceTel: string;
  /** Maker and model of a charger, when the store knows them. */
  readonly equipment?: ((stationId: string) => { vendor: string | null; model: string | null } | undefined) | undefined;
}

const kw = (w: number | null): number => toWire(new Decimal(w ?? 0).div(1000), 1);

function connectorInfos(station: CatalogStation): ConnectorInfo[] {
  return station.evses.flatMap((evse) =>
    evse.connectors.map((c) => {
      const limits = electricalLimits(c.standard, c.maxPowerW);
      return {
        ConnectorID: tcecConnectorId(station.id, evse.evseNo, c.connectorNo),
        ConnectorName: `${evse.evseNo}-${c.connectorNo}`,
        ConnectorType: connectorTypeOf(c.standard, c.format),
        VoltageUpperLimits: limits.upperV,
        VoltageLowerLimits: limits.lowerV,
        Current: limits.currentA,
        Power: kw(c.maxPowerW),
        NationalStandard: nationalStandardOf(c.standard),
      };
    }),
  );
}

/** A charger's power: the most any connector of each EVSE can give, summed over its EVSEs. */
function stationPowerW(station: CatalogStation): number {
  return station.evses.reduce((sum, e) => sum + Math.max(0, ...e.connectors.map((c) => c.maxPowerW ?? 0)), 0);
}

export function equipmentInfoOf(station: CatalogStation, position: { lat: number; lng: number }, opts: StationInfoOptions): EquipmentInfo {
  const made = opts.equipment?.(station.id);
  const standards = station.evses.flatMap((e) => e.connectors.map((c) => c.standard));
  return {
    EquipmentID: station.id,
    ManufacturerName: made?.vendor ?? undefined,
    EquipmentModel: made?.model ?? undefined,
    EquipmentType: equipmentTypeOf(standards),
    EquipmentLng: position.lng,
    EquipmentLat: position.lat,
    Power: kw(stationPowerW(station)),
    EquipmentName: station.id,
    ConnectorInfos: connectorInfos(station),
  };
}

/** Human-readable fee texts from the tariff summary ("00:00-08:00 0.3500元/度; …"). */
function feeTexts(location: CatalogLocation): { electricity: string | undefined; service: string | undefined } {
  const t = location.tariff;
  if (!t) return { electricity: undefined, service: undefined };
  const band = (p: { startsAt: string; endsAt: string }, price: string): string => `${p.startsAt}-${p.endsAt} ${price}元/度`;
  return {
    electricity: t.periods.map((p) => band(p, p.energyPricePerKwh)).join('; ').slice(0, 256),
    service: t.periods.map((p) => band(p, p.serviceFeePerKwh)).join('; ').slice(0, 100),
  };
}

/** One of our locations as a T/CEC station: its chargers are the equipment, positions in GCJ-02. */
export function stationInfoOf(location: CatalogLocation, opts: StationInfoOptions): StationInfo {
  const position = wgs84ToGcj02(location);
  const fees = feeTexts(location);
  return {
    StationID: location.id,
    OperatorID: opts.operatorId,
    EquipmentOwnerID: opts.equipmentOwnerId ?? opts.operatorId,
    StationName: location.name,
    CountryCode: 'CN',
    AreaCode: areaCodeOf(location.city as City, location.district),
    Address: location.address.slice(0, 50),
    ServiceTel: opts.serviceTel,
    StationType: 1,
    StationStatus: 50,
    ParkNums: 0,
    StationLng: position.lng,
    StationLat: position.lat,
    Construction: 255,
    ElectricityFee: fees.electricity,
    ServiceFee: fees.service,
    SupportOrder: 0,
    EquipmentInfos: location.stations.map((s) => equipmentInfoOf(s, position, opts)),
  };
}

/**
 * The live status of every connector of a location's chargers. A connector that never reported
 * is unknown to T/CEC as offline (0); an offline charger shows all its connectors offline.
 */
export function stationStatusInfoOf(location: Pick<CatalogLocation, 'id' | 'stations'>, live: (stationId: string) => LiveStationState): StationStatusInfo {
  return {
    StationID: location.id,
    ConnectorStatusInfos: location.stations.flatMap((s) => {
      const state = live(s.id);
      return s.evses.flatMap((e) =>
        e.connectors.map((c) => {
          const reported = state.statuses.find((x) => x.evseNo === e.evseNo && x.connectorNo === c.connectorNo);
          const status: ConnectorStatus = reported?.status ?? 'UNKNOWN';
          return { ConnectorID: tcecConnectorId(s.id, e.evseNo, c.connectorNo), Status: tcecStatusOf(status, state.offline) };
        }),
      );
    }),
  };
}
