import type { AvailabilityCatalog, CatalogLocation, CatalogStation } from '../../domain/availability/index.js';
import { powerTypeOf } from '../../domain/stations/index.js';
import { summarizeTariff, tariffFor, type Tariff, type TariffSummary } from '../../domain/tariffs/index.js';
import type { Sql } from './database.js';
import { allTariffs } from './tariff.repository.js';

const REFRESH_MS = 10_000;

interface Row {
  id: string;
  operator_id: string;
  name: string;
  city: string;
  district: string | null;
  address: string;
  lat: number;
  lng: number;
  time_zone: string;
  station_id: string | null;
  evse_no: number | null;
  connector_no: number | null;
  standard: string | null;
  format: string | null;
  max_power_w: number | null;
}

// One pass over the four tables, in the order the snapshot keeps. A retired connector is no longer
// offered: it is left out here, so availability, T/CEC station info and starts never see it.
const QUERY = `
  SELECT l.id, l.operator_id, l.name, l.city, l.district, l.address, l.lat, l.lng, l.time_zone,
         s.id AS station_id, c.evse_no, c.connector_no, c.standard, c.format, c.max_power_w
  FROM locations l
  LEFT JOIN stations s ON s.location_id = l.id
  LEFT JOIN connectors c ON c.station_id = s.id AND c.retired_at IS NULL
  ORDER BY l.id, s.id, c.evse_no, c.connector_no`;

/**
 * The static catalog for availability answers, read once and kept in memory; re-read in the
 * background every 10 s (new stations and connectors appear within that time). A location that did
 * not change keeps its object, and an unchanged catalog its snapshot, so what searches built on
 * them (index, views, their JSON) stays valid. Live statuses are not here: they come from the live
 * status store.
 */
export class SqlAvailabilityCatalog implements AvailabilityCatalog {
  #snapshot: readonly CatalogLocation[] | undefined;
  /** Each location's content as read, to tell an unchanged one. */
  #signatures = new WeakMap<CatalogLocation, string>();
  #loadedAt = 0;
  #loading: Promise<readonly CatalogLocation[]> | undefined;

  constructor(
    private readonly sql: Sql,
    private readonly now: () => number = Date.now,
  ) {}

  async locations(): Promise<readonly CatalogLocation[]> {
    if (!this.#snapshot) return this.#load();
    if (this.now() - this.#loadedAt > REFRESH_MS) void this.#load().catch(() => undefined);
    return this.#snapshot;
  }

  /** Forget the snapshot (after admin changes, so the next answer sees them). */
  invalidate(): void {
    this.#loadedAt = 0;
    this.#snapshot = undefined;
  }

  #load(): Promise<readonly CatalogLocation[]> {
    this.#loading ??= (async () => {
      try {
        const previous = new Map((this.#snapshot ?? this.#last ?? []).map((l) => [l.id, l]));
        const [rows, tariffs] = await Promise.all([this.sql.query<Row>(QUERY), allTariffs(this.sql)]);
        const fresh = group(rows, tariffs);
        let changed = fresh.length !== previous.size;
        const snapshot = fresh.map(({ location, signature }) => {
          const old = previous.get(location.id);
          if (old && this.#signatures.get(old) === signature) return old;
          changed = true;
          this.#signatures.set(location, signature);
          return location;
        });
        const kept = !changed && this.#last ? this.#last : snapshot;
        this.#snapshot = kept;
        this.#last = kept;
        this.#loadedAt = this.now();
        return kept;
      } finally {
        this.#loading = undefined;
      }
    })();
    return this.#loading;
  }

  /** The last snapshot read, kept across invalidate() so unchanged locations keep their objects. */
  #last: readonly CatalogLocation[] | undefined;
}

/**
 * The price drivers see with a location: that of its fastest kind of connector (DC where it has
 * any, else AC), in its version valid now (re-read with the catalog).
 */
function headlineTariff(location: { id: string; operatorId: string }, stations: readonly CatalogStation[], tariffs: readonly Tariff[], now: Date): TariffSummary | null {
  const kinds = new Set(stations.flatMap((s) => s.evses.flatMap((e) => e.connectors.map((c) => powerTypeOf(c.standard)))));
  const applies = tariffFor(location, tariffs, kinds.has('DC') ? 'DC' : kinds.has('AC') ? 'AC' : null);
  return applies ? summarizeTariff(applies, now) : null;
}

/** Rows (one per connector, or per empty station or location) → locations with their signature and tariff. */
function group(rows: readonly Row[], tariffs: readonly Tariff[]): { location: CatalogLocation; signature: string }[] {
  const out: { location: CatalogLocation; signature: string }[] = [];
  let loc: { location: CatalogLocation; stations: Map<string, Map<number, { connectorNo: number; standard: string; format: string; maxPowerW: number | null }[]>>; sig: string[] } | undefined;
  const flush = () => {
    if (!loc) return;
    const stations: CatalogStation[] = [...loc.stations].map(([id, evses]) => ({ id, evses: [...evses].map(([evseNo, connectors]) => ({ evseNo, connectors })) }));
    const tariff = headlineTariff(loc.location, stations, tariffs, new Date());
    const location = { ...loc.location, stations, tariff };
    out.push({ location, signature: `${loc.sig.join('|')}|${JSON.stringify(tariff)}` });
  };
  for (const r of rows) {
    if (loc?.location.id !== r.id) {
      flush();
      loc = {
        location: { id: r.id, operatorId: r.operator_id, name: r.name, city: r.city, district: r.district, address: r.address, lat: Number(r.lat), lng: Number(r.lng), timeZone: r.time_zone, stations: [] },
        stations: new Map(),
        sig: [r.id, r.operator_id, r.name, r.city, r.district ?? '', r.address, String(r.lat), String(r.lng), r.time_zone],
      };
    }
    if (r.station_id === null) continue;
    let evses = loc.stations.get(r.station_id);
    if (!evses) loc.stations.set(r.station_id, (evses = new Map()));
    loc.sig.push(`s:${r.station_id}`);
    if (r.evse_no === null || r.connector_no === null) continue;
    let connectors = evses.get(r.evse_no);
    if (!connectors) evses.set(r.evse_no, (connectors = []));
    connectors.push({ connectorNo: r.connector_no, standard: r.standard ?? 'UNKNOWN', format: r.format ?? 'CABLE', maxPowerW: r.max_power_w });
    loc.sig.push(`${r.evse_no}.${r.connector_no}:${r.standard ?? ''}:${r.format ?? ''}:${r.max_power_w ?? ''}`);
  }
  flush();
  return out;
}
