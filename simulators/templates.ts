/**
 * Station templates (vendor, model, OCPP version, EVSE/connector layout, power) and
 * generation of a three-city fleet (Changsha, Zhuzhou, Xiangtan) from a seed.
 */
import { createRng, hashString, pick, randomBetween } from './random.js';

export { hashString } from './random.js';
import type { Rng } from './random.js';
import type { EvseSpec, OcppVersion, StationSpec } from './station/types.js';

export type City = 'Changsha' | 'Zhuzhou' | 'Xiangtan';

export interface StationTemplate {
  key: string;
  vendor: string;
  model: string;
  firmwareVersion: string;
  evses: EvseSpec[];
}

export const TEMPLATES: Record<'acWallbox7' | 'dc60' | 'dc120Dual', StationTemplate> = {
  acWallbox7: {
    key: 'acWallbox7',
    vendor: 'XiangDian',
    model: 'XD-AC7-W',
    firmwareVersion: '2.3.1',
    evses: [{ evseId: 1, connectors: [{ connectorId: 1, standard: 'GBT_AC', maxPowerKw: 7 }] }],
  },
  dc60: {
    key: 'dc60',
    vendor: 'Furong Power',
    model: 'FR-DC60',
    firmwareVersion: '1.8.0',
    evses: [{ evseId: 1, connectors: [{ connectorId: 1, standard: 'GBT_DC', maxPowerKw: 60 }] }],
  },
  dc120Dual: {
    key: 'dc120Dual',
    vendor: 'Furong Power',
    model: 'FR-DC120-2',
    firmwareVersion: '1.8.0',
    evses: [
      { evseId: 1, connectors: [{ connectorId: 1, standard: 'GBT_DC', maxPowerKw: 120 }] },
      { evseId: 2, connectors: [{ connectorId: 1, standard: 'GBT_DC', maxPowerKw: 120 }] },
    ],
  },
};

/** How often each template appears in a generated fleet (weights). */
const TEMPLATE_MIX: ReadonlyArray<readonly [StationTemplate, number]> = [
  [TEMPLATES.acWallbox7, 0.5],
  [TEMPLATES.dc60, 0.3],
  [TEMPLATES.dc120Dual, 0.2],
];

export interface CityInfo {
  city: City;
  prefix: string;
  center: { lat: number; lng: number };
  districts: string[];
}

export const CITIES: readonly CityInfo[] = [
  { city: 'Changsha', prefix: 'CSA', center: { lat: 28.23, lng: 112.94 }, districts: ['Yuelu', 'Furong', 'Tianxin', 'Kaifu', 'Yuhua'] },
  { city: 'Zhuzhou', prefix: 'ZZ', center: { lat: 27.83, lng: 113.13 }, districts: ['Tianyuan', 'Hetang', 'Lusong', 'Shifeng'] },
  { city: 'Xiangtan', prefix: 'XT', center: { lat: 27.83, lng: 112.94 }, districts: ['Yuhu', 'Yuetang'] },
];

/** Max distance from the city centre, in degrees (~8 km). */
export const CITY_RADIUS_DEG = 0.08;

export interface FleetOperator {
  id: string;
  name: string;
  roles: Array<'CPO' | 'EMSP'>;
}

export interface FleetLocation {
  id: string;
  operatorId: string;
  name: string;
  city: City;
  district: string;
  address: string;
  lat: number;
  lng: number;
}

export interface FleetStation extends StationSpec {
  operatorId: string;
  locationId: string;
  city: City;
  template: string;
}

export interface FleetToken {
  uid: string;
  operatorId: string;
}

/** The EMSP's tokens may charge at each CPO's stations (POST /v1/agreements). */
export interface FleetAgreement {
  id: string;
  providerId: string;
  operatorId: string;
  validFrom: string;
}

export interface GeneratedFleet {
  operators: FleetOperator[];
  agreements: FleetAgreement[];
  locations: FleetLocation[];
  stations: FleetStation[];
  tokens: FleetToken[];
}

export interface FleetGenOptions {
  count: number;
  /** Fraction (0..1) of stations speaking OCPP 1.6; the rest speak 2.0.1. */
  v16Fraction: number;
  seed?: number;
  /** Stations per location (default 4). */
  stationsPerLocation?: number;
  tokenCount?: number;
  /** Prefix for ids so several fleets can share a database, e.g. 'SIM-'. */
  idPrefix?: string;
}

export function stationPassword(stationId: string, seed: number): string {
  // 24 printable characters, deterministic per station and seed (16–40 required by the API).
  const rng = createRng(hashString(`${seed}:${stationId}`));
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  let out = '';
  for (let i = 0; i < 24; i++) out += alphabet[Math.floor(rng() * alphabet.length)];
  return out;
}


function pickTemplate(rng: Rng): StationTemplate {
  let r = rng();
  for (const [template, weight] of TEMPLATE_MIX) {
    if (r < weight) return template;
    r -= weight;
  }
  return TEMPLATES.acWallbox7;
}

/** A point within CITY_RADIUS_DEG of the city centre, rounded to 6 decimals. */
export function pointInCity(rng: Rng, city: CityInfo): { lat: number; lng: number } {
  const angle = randomBetween(rng, 0, 2 * Math.PI);
  const radius = CITY_RADIUS_DEG * Math.sqrt(rng());
  const round = (x: number): number => Math.round(x * 1e6) / 1e6;
  return { lat: round(city.center.lat + radius * Math.sin(angle)), lng: round(city.center.lng + radius * Math.cos(angle)) };
}

/** Id like CSA-0001; numbering is per city. */
export function stationId(prefix: string, city: CityInfo, n: number): string {
  return `${prefix}${city.prefix}-${String(n).padStart(4, '0')}`;
}

/**
 * Generate `count` stations spread round-robin over the three cities, each city with its own CPO,
 * plus one EMSP issuing the tokens. The first round(count × v16Fraction) stations speak 1.6,
 * interleaved so every city gets both versions.
 */
export function generateFleet(options: FleetGenOptions): GeneratedFleet {
  const seed = options.seed ?? 1;
  const rng = createRng(seed);
  const prefix = options.idPrefix ?? '';
  const perLocation = Math.max(1, options.stationsPerLocation ?? 4);
  const operators: FleetOperator[] = CITIES.map((c) => ({
    id: `${prefix}OP-${c.prefix}`,
    name: `${c.city} Charging Co.`,
    roles: ['CPO'],
  }));
  const emsp: FleetOperator = { id: `${prefix}OP-EMSP`, name: 'Xiangjiang Mobility', roles: ['EMSP'] };
  operators.push(emsp);

  const locations: FleetLocation[] = [];
  const stations: FleetStation[] = [];
  const perCity = new Map<City, number>();
  const currentLocation = new Map<City, FleetLocation>();
  const v16Count = Math.round(options.count * Math.min(1, Math.max(0, options.v16Fraction)));
  for (let i = 0; i < options.count; i++) {
    const city = CITIES[i % CITIES.length] as CityInfo;
    const n = (perCity.get(city.city) ?? 0) + 1;
    perCity.set(city.city, n);
    const operatorId = `${prefix}OP-${city.prefix}`;
    if ((n - 1) % perLocation === 0) {
      const district = pick(rng, city.districts);
      const point = pointInCity(rng, city);
      const locNo = Math.floor((n - 1) / perLocation) + 1;
      const created: FleetLocation = {
        id: `${prefix}LOC-${city.prefix}-${String(locNo).padStart(4, '0')}`,
        operatorId,
        name: `${city.city} ${district} Charging Hub ${locNo}`,
        city: city.city,
        district,
        address: `${locNo} ${district} Road, ${district} District, ${city.city}, Hunan`,
        ...point,
      };
      locations.push(created);
      currentLocation.set(city.city, created);
    }
    const location = currentLocation.get(city.city) as FleetLocation;
    const template = pickTemplate(rng);
    const id = stationId(prefix, city, n);
    const ocppVersion: OcppVersion = spreadV16(i, options.count, v16Count) ? '1.6' : '2.0.1';
    stations.push({
      id,
      password: stationPassword(id, seed),
      ocppVersion,
      vendor: template.vendor,
      model: template.model,
      serialNumber: `SN${hashString(id).toString(16).toUpperCase().padStart(8, '0')}`,
      firmwareVersion: template.firmwareVersion,
      evses: structuredClone(template.evses),
      operatorId,
      locationId: location.id,
      city: city.city,
      template: template.key,
    });
  }
  const tokenCount = options.tokenCount ?? Math.max(10, Math.ceil(options.count / 2));
  const tokens: FleetToken[] = [];
  for (let t = 1; t <= tokenCount; t++) {
    tokens.push({ uid: `${prefix.replace(/[^A-Z0-9]/gi, '')}TK${String(t).padStart(6, '0')}`.slice(0, 20), operatorId: emsp.id });
  }
  const agreements: FleetAgreement[] = operators
    .filter((o) => o.id !== emsp.id)
    .map((o) => ({ id: `${prefix}AGR-${o.id}`, providerId: emsp.id, operatorId: o.id, validFrom: '2020-01-01T00:00:00Z' }));
  return { operators, agreements, locations, stations, tokens };
}

/** Spread `v16Count` of `count` indices evenly, so the version mix is even across cities. */
export function spreadV16(index: number, count: number, v16Count: number): boolean {
  if (v16Count <= 0) return false;
  if (v16Count >= count) return true;
  return Math.floor(((index + 1) * v16Count) / count) > Math.floor((index * v16Count) / count);
}
