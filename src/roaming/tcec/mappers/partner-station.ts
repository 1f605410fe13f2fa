import { createHash } from 'node:crypto';
import type { Location, NewStation } from '../../../domain/catalog/catalog.model.js';
import type { ConnectorStandard } from '../../../domain/stations/station.model.js';
import { areaOfCode } from './area-code.js';
import { formatFromTcec, standardFromTcec } from './connector-kind.js';
import { gcj02ToWgs84 } from './coordinates.js';
import type { StationInfo } from './tcec-objects.js';
import { fromWire } from './wire-numbers.js';

/** Our identifiers are 1–36 URL-unreserved characters (the API's Identifier). */
const MAX_ID = 36;

/**
 * Our id for something a partner named: "{partnerId}-{its id}", kept to the identifier alphabet;
 * a too long one ends in a hash of the partner's id so it stays unique and stable.
 */
export function partnerScopedId(partnerId: string, foreignId: string): string {
  const clean = `${partnerId}-${foreignId.replace(/[^A-Za-z0-9._~-]/g, '_')}`;
  if (clean.length <= MAX_ID && clean === `${partnerId}-${foreignId}`) return clean;
  const hash = createHash('sha256').update(foreignId).digest('hex').slice(0, 12);
  return `${clean.slice(0, MAX_ID - 13)}~${hash}`;
}

/** Where a partner's connector sits in our catalog. */
export interface PartnerConnectorRef {
  readonly partnerConnectorId: string;
  readonly stationId: string;
  readonly evseNo: number;
  readonly connectorNo: number;
}

export interface PartnerCatalogEntry {
  /** Owned by the partner's operator record (same id as the partner). */
  readonly location: Location;
  readonly stations: NewStation[];
  readonly connectors: PartnerConnectorRef[];
}

export type PartnerStationResult = { readonly ok: true; readonly entry: PartnerCatalogEntry } | { readonly ok: false; readonly reason: string };

/**
 * A partner's station as a location of ours, marked as the partner's by its operator. Each piece
 * of equipment becomes a station that never connects to us (no password, profile 3 without a certificate of ours, rejected), each
 * of its connectors an EVSE with one connector, positions back to WGS 84. Stations outside
 * Changsha, Zhuzhou and Xiangtan are left out (the catalog covers these three cities).
 */
export function partnerStationEntry(partnerId: string, info: StationInfo): PartnerStationResult {
  const area = areaOfCode(String(info.AreaCode ?? ''));
  if (!area) return { ok: false, reason: `AreaCode ${JSON.stringify(info.AreaCode)} is outside Changsha, Zhuzhou and Xiangtan` };
  let position: { lat: number; lng: number };
  try {
    position = gcj02ToWgs84({ lat: fromWire(info.StationLat, 'StationLat').toNumber(), lng: fromWire(info.StationLng, 'StationLng').toNumber() });
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  }
  const locationId = partnerScopedId(partnerId, String(info.StationID));
  const connectors: PartnerConnectorRef[] = [];
  const stations: NewStation[] = (info.EquipmentInfos ?? []).map((eq) => {
    const stationId = partnerScopedId(partnerId, String(eq.EquipmentID));
    const evses = (eq.ConnectorInfos ?? []).map((c, i) => {
      connectors.push({ partnerConnectorId: String(c.ConnectorID), stationId, evseNo: i + 1, connectorNo: 1 });
      const standard: ConnectorStandard = standardFromTcec(Number(c.ConnectorType), Number(eq.EquipmentType));
      const kw = Number(c.Power);
      return { evseId: i + 1, connectors: [{ connectorId: 1, standard, format: formatFromTcec(Number(c.ConnectorType)), maxPowerKw: Number.isFinite(kw) && kw > 0 ? kw : 0 }] };
    });
    return { id: stationId, operatorId: partnerId, locationId, passwordHash: null, securityProfile: 3, registrationStatus: 'Rejected', evses };
  });
  return {
    ok: true,
    entry: {
      location: {
        id: locationId,
        operatorId: partnerId,
        name: String(info.StationName ?? info.StationID).slice(0, 200),
        city: area.city,
        district: area.district,
        address: String(info.Address ?? ''),
        lat: position.lat,
        lng: position.lng,
        timeZone: 'Asia/Shanghai',
      },
      stations,
      connectors,
    },
  };
}
