import type { Partner } from '../../../domain/partners/index.js';
import { CHARGE_STATES, type RoamingCharge, type RoamingDriver, type StartChargeInput, type StationSyncResult } from '../../../domain/roaming/index.js';
import { AppError, isAppError } from '../../../shared/errors.js';
import { partnerStationEntry, statusFromTcec, tcecDateTime, type ConnectorStatusInfo, type PartnerCatalogEntry, type PartnerConnectorRef, type StationInfo } from '../mappers/index.js';
import type { DriverSideDeps } from './driver-side.deps.js';
import { newStartChargeSeq } from './start-charge-seq.js';

const PAGE_SIZE = 50;
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

  /** Pulls the partner's stations (all of them, or those changed since the last sync) into the catalog, then their statuses. */
  async syncStations(partnerId: string, full: boolean): Promise<StationSyncResult> {
    const partner = await this.partner(partnerId);
    const startedAt = this.d.clock.now();
    const last = full ? null : await this.d.links.lastSync(partnerId);
    const since = last ? tcecDateTime(last) : null;
    const skipped: { stationId: string; reason: string }[] = [];
    let stations = 0;
    let connectors = 0;
    const synced: string[] = [];
    let known: Map<string, string> | undefined;
    for (let page = 1, pages = 1; page <= pages; page++) {
      const data = await this.d.client.request<{ PageCount?: unknown; StationInfos?: unknown }>(partner, 'query_stations_info', { LastQueryTime: since ?? '', PageNo: page, PageSize: PAGE_SIZE });
      pages = Math.min(1000, Math.max(1, Number(data?.PageCount) || 1));
      for (const info of Array.isArray(data?.StationInfos) ? (data.StationInfos as StationInfo[]) : []) {
        const r = partnerStationEntry(partnerId, info);
        if (!r.ok) {
          skipped.push({ stationId: String(info?.StationID), reason: r.reason });
          continue;
        }
        known ??= await this.knownEquipment();
        await this.upsert(r.entry, known);
        await this.d.links.save(r.entry.connectors.map((c) => ({ ...c, partnerId, locationId: r.entry.location.id })));
        synced.push(String(info.StationID));
        stations++;
        connectors += r.entry.connectors.length;
      }
    }
    await this.d.links.setLastSync(partnerId, startedAt);
    await this.pullStatuses(partner, synced);
    return { stations, connectors, skipped, since };
  }

  /** Each catalog station's connectors (as an equipment signature), read fresh: what an answer must be reconciled against. */
  private async knownEquipment(): Promise<Map<string, string>> {
    this.d.catalogView.invalidate();
    const known = new Map<string, string>();
    for (const l of await this.d.catalogView.locations()) for (const s of l.stations) known.set(s.id, equipmentSignature(s.evses.map((e) => ({ evseId: e.evseNo, connectors: e.connectors.map((c) => ({ connectorId: c.connectorNo })) }))));
    return known;
  }

  /** Whether each of our EVSEs still maps to the same partner connector (EVSEs are numbered by position, so a swap keeps the numbers). */
  private async sameLinks(connectors: readonly PartnerConnectorRef[]): Promise<boolean> {
    for (const c of connectors) if ((await this.d.links.byConnector(c.stationId, c.evseNo, c.connectorNo))?.partnerConnectorId !== c.partnerConnectorId) return false;
    return true;
  }

  private async upsert(entry: PartnerCatalogEntry, known: ReadonlyMap<string, string>): Promise<void> {
    const { id, ...rest } = entry.location;
    if (await this.d.catalog.getLocation(id)) await this.d.catalog.updateLocation(id, rest);
    else await this.d.catalog.createLocation(entry.location);
    for (const station of entry.stations) {
      if (await this.d.catalog.getStationOwnership(station.id)) {
        const before = known.get(station.id);
        if (before === undefined || (before === equipmentSignature(station.evses) && (await this.sameLinks(entry.connectors.filter((c) => c.stationId === station.id))))) continue;
        // Its connectors changed: the catalog has no per-EVSE edit, so the station is written anew
        // (delete + create, each with its catalog.changed event, like any catalog write).
        try {
          await this.d.catalog.deleteStation(station.id);
          await this.d.links.forgetStation(station.operatorId, station.id);
        } catch (e) {
          if (!(isAppError(e) && e.code === 'STATION_IN_USE')) throw e;
          this.d.log.warn({ station: station.id }, 'partner station changed its connectors but has history here: left as it was');
          continue;
        }
      }
      try {
        await this.d.catalog.createStation(station);
      } catch (e) {
        if (!(isAppError(e) && e.code === 'STATION_ALREADY_EXISTS')) throw e;
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

/** A station's EVSE/connector numbers in a stable order, to tell a changed equipment list. */
function equipmentSignature(evses: readonly { readonly evseId: number; readonly connectors: readonly { readonly connectorId: number }[] }[]): string {
  return evses
    .flatMap((e) => e.connectors.map((c) => `${e.evseId}.${c.connectorId}`))
    .sort()
    .join(',');
}
