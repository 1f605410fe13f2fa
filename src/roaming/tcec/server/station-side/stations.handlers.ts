import type { InboundHandler } from '../inbound-handler.js';
import { TCEC_RET, TcecRefusal } from '../../envelope/index.js';
import { kwhOf, parseTcecDateTime, stationInfoOf, stationStatusInfoOf, tcecConnectorId } from '../../mappers/index.js';
import { SHANGHAI_OFFSET_MS, shanghaiDayStart } from '../../../../shared/shanghai-time.js';
import { objectBody, partnerLocations, requiredText, type StationSideDeps } from './station-side.deps.js';

const DEFAULT_PAGE_SIZE = 10;
const MAX_PAGE_SIZE = 200;
/** The DiDi profile caps query_station_status at 50 stations per call. */
const MAX_STATUS_STATIONS = 50;

const positiveInt = (v: unknown, field: string, fallback: number, max: number): number => {
  if (v === undefined || v === null || v === '') return fallback;
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > max) throw new TcecRefusal(TCEC_RET.parameters, `${field} must be an integer from 1 to ${max}`);
  return n;
};

/**
 * query_stations_info: our member's locations as StationInfos, by id, paged (PageNo from 1,
 * PageSize default 10); with LastQueryTime only those changed since then.
 */
export const queryStationsInfo = (d: StationSideDeps): InboundHandler => async ({ partner }, body) => {
  const b = objectBody(body ?? {}, 'query_stations_info');
  const pageNo = positiveInt(b.PageNo, 'PageNo', 1, 1_000_000);
  const pageSize = positiveInt(b.PageSize, 'PageSize', DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  let locations = (await partnerLocations(d, partner)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (b.LastQueryTime !== undefined && b.LastQueryTime !== null && b.LastQueryTime !== '') {
    const since = typeof b.LastQueryTime === 'string' ? parseTcecDateTime(b.LastQueryTime) : undefined;
    if (!since) throw new TcecRefusal(TCEC_RET.parameters, 'LastQueryTime must be "yyyy-MM-dd HH:mm:ss"');
    const changed = await d.queries.locationsChangedSince(partner.operatorIds, since);
    locations = locations.filter((l) => changed.has(l.id));
  }
  const pageCount = Math.max(1, Math.ceil(locations.length / pageSize));
  const page = locations.slice((pageNo - 1) * pageSize, pageNo * pageSize);
  return {
    data: {
      PageNo: pageNo,
      PageCount: pageCount,
      ItemSize: locations.length,
      StationInfos: page.map((l) => stationInfoOf(l, { operatorId: partner.tcec.ourOperatorId, serviceTel: d.serviceTel })),
    },
  };
};

/** query_station_status: the live status of every connector of the named stations (unknown ids are left out). */
export const queryStationStatus = (d: StationSideDeps): InboundHandler => async ({ partner }, body) => {
  const b = objectBody(body, 'query_station_status');
  const ids = b.StationIDs;
  if (!Array.isArray(ids) || ids.some((x) => typeof x !== 'string')) throw new TcecRefusal(TCEC_RET.parameters, 'StationIDs must be an array of strings');
  if (ids.length > MAX_STATUS_STATIONS) throw new TcecRefusal(TCEC_RET.parameters, `at most ${MAX_STATUS_STATIONS} StationIDs per call`);
  const wanted = new Set(ids as string[]);
  const locations = (await partnerLocations(d, partner)).filter((l) => wanted.has(l.id));
  const live = await d.live.read(locations.flatMap((l) => l.stations.map((s) => s.id)));
  return { data: { StationStatusInfos: locations.map((l) => stationStatusInfoOf(l, (id) => live.station(id))) } };
};

/** A day "yyyy-MM-dd" (or a full time) in Shanghai as an instant; EndTime's day is included whole. */
function statsBound(v: unknown, field: string, end: boolean): Date {
  if (typeof v === 'string') {
    const day = shanghaiDayStart(v.trim());
    if (day) return end ? new Date(day.getTime() + 86_400_000) : day;
    const at = parseTcecDateTime(v);
    if (at) return at;
  }
  throw new TcecRefusal(TCEC_RET.parameters, `${field} must be "yyyy-MM-dd" or "yyyy-MM-dd HH:mm:ss"`);
}

/**
 * query_station_stats: the energy charged at one station (location) between two dates (whole
 * Asia/Shanghai days, or times), per charger and connector, kWh with 1 decimal: what was
 * delivered within the period, so a session across midnight counts its part on each day (by its
 * meter readings where stored, else pro-rated by time; see energyWithin).
 */
export const queryStationStats = (d: StationSideDeps): InboundHandler => async ({ partner }, body) => {
  const b = objectBody(body, 'query_station_stats');
  const stationId = requiredText(b, 'StationID');
  const from = statsBound(b.StartTime, 'StartTime', false);
  const to = statsBound(b.EndTime, 'EndTime', true);
  if (to <= from) throw new TcecRefusal(TCEC_RET.parameters, 'EndTime must not be before StartTime');
  if (to.getTime() - from.getTime() > 366 * 86_400_000) throw new TcecRefusal(TCEC_RET.parameters, 'at most a year per query');
  const location = (await partnerLocations(d, partner)).find((l) => l.id === stationId);
  if (!location) throw new TcecRefusal(TCEC_RET.business, `unknown StationID ${stationId}`);
  const rows = await d.queries.connectorEnergy(location.stations.map((s) => s.id), from, to);
  const wh = (stationId: string, evseNo?: number, connectorNo?: number) =>
    rows.filter((r) => r.stationId === stationId && (evseNo === undefined || r.evseNo === evseNo) && (connectorNo === undefined || r.connectorNo === connectorNo)).reduce((s, r) => s + r.energyWh, 0);
  const day = (at: Date) => new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
  return {
    data: {
      StationStats: {
        StationID: location.id,
        StartTime: day(from),
        EndTime: day(new Date(to.getTime() - 1)),
        StationElectricity: kwhOf(rows.reduce((s, r) => s + r.energyWh, 0), 1),
        EquipmentStatsInfos: location.stations.map((s) => ({
          EquipmentID: s.id,
          EquipmentElectricity: kwhOf(wh(s.id), 1),
          ConnectorStatsInfos: s.evses.flatMap((e) =>
            e.connectors.map((c) => ({ ConnectorID: tcecConnectorId(s.id, e.evseNo, c.connectorNo), ConnectorElectricity: kwhOf(wh(s.id, e.evseNo, c.connectorNo), 1) })),
          ),
        })),
      },
    },
  };
};
