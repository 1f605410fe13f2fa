import type { Partner } from '../../../domain/partners/index.js';
import { CHARGE_STATES, type RoamingCharge, type RoamingDriver, type StartChargeInput, type StationSyncResult } from '../../../domain/roaming/index.js';
import { AppError, isAppError } from '../../../shared/errors.js';
import { partnerScopedId, partnerStationEntry, statusFromTcec, tcecDateTime, type ConnectorStatusInfo, type PartnerCatalogEntry, type PartnerConnectorRef, type StationInfo } from '../mappers/index.js';
import type { DriverSideDeps } from './driver-side.deps.js';
import { keepEvseNumbers } from './evse-numbering.js';
import { newStartChargeSeq } from './start-charge-seq.js';
import { takeOutLocationIfEmpty, takeOutStation, type TakenOut } from './take-out.js';

const PAGE_SIZE = 50;
/** More pages than this and the sync reads only these (and so is not a complete listing). */
const MAX_PAGES = 1000;
/** query_station_status takes at most 50 StationIDs a call. */
const STATUS_BATCH = 50;

/**
 * The T/CEC driver side: our drivers on a partner's stations. Its stations come into the catalog
 * (locations of the partner's operator record), its connector statuses into live status, and our
 * tokens start and stop charges there through its query_start_charge / query_stop_charge.
 */
export class TcecDriverSide implements RoamingDriver {
  constructor(private readonly d: DriverSideDeps) {}

  private async partner(id: string): Promise<Partner> {
    const p = await this.d.partners.get(id);
    if (!p || p.protocol !== 'tcec') throw new AppError('PARTNER_NOT_FOUND', `partner ${id} not found`);
    if (p.role !== 'cpo') throw new AppError('VALIDATION_FAILED', `partner ${id} is a ${p.role}: only a cpo partner has stations for our drivers`, { field: 'id' });
    return p;
  }

  /**
   * Pulls the partner's stations (all of them, or those changed since the last sync) into the
   * catalog, then their statuses. A full sync that read every page takes out what the partner no
   * longer lists (see takeOutStation); an incremental or incomplete one never does.
   */
  async syncStations(partnerId: string, full: boolean): Promise<StationSyncResult> {
    const partner = await this.partner(partnerId);
    const startedAt = this.d.clock.now();
    const last = full ? null : await this.d.links.lastSync(partnerId);
    const since = last ? tcecDateTime(last) : null;
    const skipped: { stationId: string; reason: string }[] = [];
    let stations = 0;
    let connectors = 0;
    const synced: string[] = [];
    // Our stations of the partner by location, as stored before this sync.
    const ours = new Map<string, string[]>();
    for (const s of await this.d.catalog.stationsOf(partnerId)) if (s.locationId) ours.set(s.locationId, [...(ours.get(s.locationId) ?? []), s.id]);
    // Our locations the partner listed (ones skipped as unreadable too: a bad record is not a removal),
    // and the stations (its equipment) those listings name.
    const listed = new Set<string>();
    const read = new Set<string>();
    const named = new Set<string>();
    let complete = true;
    for (let page = 1, pages = 1; page <= pages; page++) {
      const data = await this.d.client.request<{ PageCount?: unknown; StationInfos?: unknown }>(partner, 'query_stations_info', { LastQueryTime: since ?? '', PageNo: page, PageSize: PAGE_SIZE });
      const declared = Math.max(1, Number(data?.PageCount) || 1);
      pages = Math.min(MAX_PAGES, declared);
      if (declared > MAX_PAGES || !Array.isArray(data?.StationInfos)) complete = false;
      for (const info of Array.isArray(data?.StationInfos) ? (data.StationInfos as StationInfo[]) : []) {
        listed.add(partnerScopedId(partnerId, String(info?.StationID)));
        const r = partnerStationEntry(partnerId, info);
        if (!r.ok) {
          skipped.push({ stationId: String(info?.StationID), reason: r.reason });
          continue;
        }
        await this.upsert(partnerId, r.entry);
        read.add(r.entry.location.id);
        for (const st of r.entry.stations) named.add(st.id);
        synced.push(String(info.StationID));
        stations++;
        connectors += r.entry.connectors.length;
      }
    }
    const removed = await this.takeOutUnnamed(partnerId, ours, { read, listed, named }, full && complete);
    if (removed.length > 0) this.d.log.info({ partner: partnerId, removed }, 'partner no longer lists these stations: taken out of the catalog');
    await this.d.links.setLastSync(partnerId, startedAt);
    await this.pullStatuses(partner, synced);
    return { stations, connectors, skipped, since, removed };
  }

  /**
   * Takes out our stations of the partner that this sync's answers did not name: at each location
   * read from the answer (a station's equipment list is complete, whichever sync asked), and, when
   * `sweep` (a complete full listing), at every location of the partner's it no longer lists, which
   * goes too once empty. One listed but unreadable (skipped) is left alone; a station named at
   * another location (equipment moved) stays.
   */
  private async takeOutUnnamed(partnerId: string, ours: ReadonlyMap<string, readonly string[]>, seen: { read: ReadonlySet<string>; listed: ReadonlySet<string>; named: ReadonlySet<string> }, sweep: boolean): Promise<TakenOut[]> {
    const unlisted: string[] = [];
    if (sweep) {
      for (let cursor: string | undefined, more = true; more; ) {
        const page = await this.d.catalog.listLocations({ operatorId: partnerId }, cursor, 500);
        unlisted.push(...page.items.map((l) => l.id).filter((id) => !seen.listed.has(id)));
        cursor = page.nextCursor ?? undefined;
        more = page.nextCursor !== null;
      }
    }
    const out: TakenOut[] = [];
    for (const locationId of [...seen.read, ...unlisted]) {
      for (const stationId of ours.get(locationId) ?? []) {
        if (seen.named.has(stationId)) continue;
        const r = await takeOutStation(this.d, partnerId, stationId, this.d.clock.now());
        if (r) out.push(r);
      }
    }
    for (const locationId of unlisted) await takeOutLocationIfEmpty(this.d, locationId);
    return out;
  }

  /**
   * The partner's station into the catalog. A known one gets its equipment reconciled EVSE by
   * EVSE (each partner connector keeps its EVSE number): changed connectors updated, new ones
   * added, removed ones retired when our history names them (sessions, CDRs, roaming charges),
   * deleted when not; its links follow, so a removed connector is no longer known here.
   */
  private async upsert(partnerId: string, entry: PartnerCatalogEntry): Promise<void> {
    const { id, ...rest } = entry.location;
    if (await this.d.catalog.getLocation(id)) await this.d.catalog.updateLocation(id, rest);
    else await this.d.catalog.createLocation(entry.location);
    const link = (refs: readonly PartnerConnectorRef[]) => refs.map((c) => ({ ...c, partnerId, locationId: id }));
    for (const station of entry.stations) {
      const refs = entry.connectors.filter((c) => c.stationId === station.id);
      const stored = await this.d.catalog.getStationEvses(station.id);
      if (!stored) {
        try {
          await this.d.catalog.createStation(station);
        } catch (e) {
          // Another node's sync created it a moment ago: the next sync reconciles it.
          if (!(isAppError(e) && e.code === 'STATION_ALREADY_EXISTS')) throw e;
        }
        await this.d.links.save(link(refs));
        continue;
      }
      const before = await this.d.links.ofStation(partnerId, station.id);
      const kept = keepEvseNumbers(station, refs, new Map(before.map((l) => [l.partnerConnectorId, l.evseNo])), stored.map((e) => e.evseNo));
      // A no-op (and no catalog.changed event) when the equipment is as stored.
      const changes = await this.d.catalog.setStationEvses(station.id, kept.evses, this.d.clock.now());
      if (changes.retired.length > 0) this.d.log.info({ station: station.id, retired: changes.retired }, 'partner removed connectors that have history here: retired');
      if (!sameLinks(before, kept.refs)) {
        await this.d.links.forgetStation(partnerId, station.id);
        await this.d.links.save(link(kept.refs));
      }
    }
  }

  private async pullStatuses(partner: Partner, stationIds: readonly string[]): Promise<void> {
    for (let i = 0; i < stationIds.length; i += STATUS_BATCH) {
      const data = await this.d.client.request<{ StationStatusInfos?: { ConnectorStatusInfos?: ConnectorStatusInfo[] }[] }>(partner, 'query_station_status', { StationIDs: stationIds.slice(i, i + STATUS_BATCH) });
      for (const s of data?.StationStatusInfos ?? []) for (const c of s.ConnectorStatusInfos ?? []) await this.applyStatus(partner.id, c);
    }
  }

  /** A partner connector's status as live status of ours; false when the connector is unknown here. */
  async applyStatus(partnerId: string, info: ConnectorStatusInfo): Promise<boolean> {
    const link = await this.d.links.byPartnerConnector(partnerId, String(info.ConnectorID));
    if (!link) return false;
    const location = await this.d.catalog.getLocation(link.locationId);
    const code = Number(info.Status);
    await this.d.connectorStatus(
      { stationId: link.stationId, evseNo: link.evseNo, connectorNo: link.connectorNo, ocppStatus: `TCEC:${code}`, status: statusFromTcec(code), occurredAt: this.d.clock.now() },
      { operatorId: partnerId, locationId: link.locationId, city: location?.city ?? null, lat: location?.lat ?? null, lng: location?.lng ?? null },
    );
    return true;
  }

  async startCharge(partnerId: string, input: StartChargeInput, asOperator?: string): Promise<RoamingCharge> {
    const partner = await this.partner(partnerId);
    const connectorNo = input.connectorNo ?? 1;
    const link = await this.d.links.byConnector(input.stationId, input.evseNo, connectorNo);
    if (!link || link.partnerId !== partnerId) throw new AppError('CONNECTOR_NOT_FOUND', `connector ${input.stationId}/${input.evseNo}/${connectorNo} is not one of partner ${partnerId}`, { field: 'stationId' });
    const token = await this.d.catalog.getToken(input.idToken);
    if (!token || (asOperator !== undefined && token.operatorId !== asOperator)) throw new AppError('TOKEN_NOT_FOUND', `token ${input.idToken} not found`, { field: 'idToken' });
    if (token.status !== 'Accepted') throw new AppError('VALIDATION_FAILED', `token ${input.idToken} is ${token.status}`, { field: 'idToken' });
    const now = this.d.clock.now();
    const ref = newStartChargeSeq(partner.tcec.ourOperatorId, now);
    await this.d.charges.create({ partnerId, ref, side: 'driver', stationId: link.stationId, evseNo: link.evseNo, connectorNo: link.connectorNo, partnerConnectorId: link.partnerConnectorId, idToken: token.uid, providerId: token.operatorId, commandId: null, createdAt: now });
    try {
      // QRCode: what the driver scanned at the connector; our app scans the partner's connector code.
      const answer = await this.d.client.request<{ SuccStat?: unknown; StartChargeSeqStat?: unknown; FailReason?: unknown }>(partner, 'query_start_charge', {
        StartChargeSeq: ref,
        ConnectorID: link.partnerConnectorId,
        QRCode: link.partnerConnectorId,
      });
      const ok = Number(answer?.SuccStat) === 0;
      const state = ok ? CHARGE_STATES.starting : CHARGE_STATES.unknown;
      return (await this.d.charges.update(partnerId, ref, { state, ...(ok ? {} : { stoppedAt: now }) }, this.d.clock.now()))!;
    } catch (e) {
      this.d.log.warn({ err: e, partner: partnerId, ref }, 'query_start_charge failed');
      return (await this.d.charges.update(partnerId, ref, { state: CHARGE_STATES.unknown, stoppedAt: now }, this.d.clock.now()))!;
    }
  }

  async stopCharge(partnerId: string, ref: string, asOperator?: string): Promise<RoamingCharge> {
    const partner = await this.partner(partnerId);
    const charge = await this.getCharge(partnerId, ref, asOperator);
    if (charge.state >= CHARGE_STATES.finished) throw new AppError('SESSION_NOT_ACTIVE', `charge ${ref} is not running`, { field: 'ref' });
    const answer = await this.d.client.request<{ SuccStat?: unknown; StartChargeSeqStat?: unknown }>(partner, 'query_stop_charge', { StartChargeSeq: ref, ConnectorID: charge.partnerConnectorId });
    const state = Number(answer?.SuccStat) === 0 ? CHARGE_STATES.stopping : charge.state;
    return (await this.d.charges.update(partnerId, ref, { state }, this.d.clock.now()))!;
  }

  async getCharge(partnerId: string, ref: string, asOperator?: string): Promise<RoamingCharge> {
    const charge = await this.d.charges.get(partnerId, ref);
    if (!charge || charge.side !== 'driver' || (asOperator !== undefined && charge.providerId !== asOperator)) throw new AppError('NOT_FOUND', `charge ${ref} of partner ${partnerId} not found`);
    return charge;
  }
}

/** Whether the stored links are exactly the ones the answer makes. */
function sameLinks(before: readonly PartnerConnectorRef[], after: readonly PartnerConnectorRef[]): boolean {
  const key = (l: PartnerConnectorRef) => `${l.partnerConnectorId}>${l.evseNo}.${l.connectorNo}`;
  const known = new Set(before.map(key));
  return known.size === after.length && after.every((l) => known.has(key(l)));
}
