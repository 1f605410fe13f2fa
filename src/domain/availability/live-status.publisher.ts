import type { ConnectorStatus } from '../stations/connector-status.js';
import type { LiveStatusStore, StatusEventBus } from './live-status.ports.js';

const OCCUPIED: ReadonlySet<ConnectorStatus> = new Set(['PREPARING', 'CHARGING', 'SUSPENDED', 'FINISHING']);

/** Where a station stands, carried on its status events so subscribers can filter by place. */
export interface StationPlace {
  readonly operatorId: string;
  readonly locationId: string | null;
  readonly city: string | null;
  readonly lat: number | null;
  readonly lng: number | null;
}

/**
 * Keeps live state in step with what stations report, after the report is durable: the newest
 * status per connector goes to the live store and, if it changed what drivers see, to every
 * subscriber. A station whose socket closes shows OFFLINE until it comes back.
 */
export class LiveStatusPublisher {
  constructor(
    private readonly live: LiveStatusStore,
    private readonly bus: StatusEventBus,
  ) {}

  async connector(stationId: string, place: StationPlace, evseNo: number, connectorNo: number, status: ConnectorStatus, at: Date): Promise<void> {
    if (evseNo <= 0 || connectorNo <= 0) return;
    const s = { stationId, evseNo, connectorNo, status, at: at.toISOString() };
    if (await this.live.set(s)) await this.bus.publish({ ...s, ...place });
  }

  /**
   * 2.0.1 "Occupied" names no state: a connector already charging, suspended, finishing or
   * preparing stays so (its transaction's chargingState said which); any other becomes PREPARING.
   */
  async refineOccupied(stationId: string, evseNo: number, connectorNo: number): Promise<ConnectorStatus> {
    const known = (await this.live.getMany([stationId])).get(stationId)?.find((c) => c.evseNo === evseNo && c.connectorNo === connectorNo);
    return known && OCCUPIED.has(known.status) ? known.status : 'PREPARING';
  }

  /**
   * When a transaction's chargingState takes effect. A state taken from a bare "Occupied" is the
   * weaker word: stations report Occupied and then the TransactionEvent whose own timestamp may be a
   * little earlier, so on an occupied connector the chargingState applies as of that report's time
   * (not before it, where newest-wins would drop it). Otherwise as of the event's time.
   */
  async chargingStateAt(stationId: string, evseNo: number, connectorNo: number, at: Date): Promise<{ at: Date; current: ConnectorStatus | undefined }> {
    const known = (await this.live.getMany([stationId])).get(stationId)?.find((c) => c.evseNo === evseNo && c.connectorNo === connectorNo);
    if (!known || !OCCUPIED.has(known.status)) return { at, current: known?.status };
    const knownAt = new Date(known.at);
    return { at: knownAt > at ? knownAt : at, current: known.status };
  }

  /**
   * A reservation ended: connectors of the EVSE still RESERVED (as of before `at`) become AVAILABLE
   * as of `at`; anything the station reported since is left alone. Returns the connectors changed.
   */
  async releaseReserved(stationId: string, place: StationPlace, evseNo: number, at: Date): Promise<number[]> {
    const known = (await this.live.getMany([stationId])).get(stationId) ?? [];
    const released: number[] = [];
    for (const c of known) {
      if (c.evseNo !== evseNo || c.status !== 'RESERVED' || Date.parse(c.at) >= at.getTime()) continue;
      await this.connector(stationId, place, evseNo, c.connectorNo, 'AVAILABLE', at);
      released.push(c.connectorNo);
    }
    return released;
  }

  async offline(stationId: string, place: StationPlace, at: Date): Promise<void> {
    await this.live.setOffline(stationId, at.toISOString());
    await this.#announce(stationId, place, 'OFFLINE', at);
  }

  async online(stationId: string, place: StationPlace, at: Date): Promise<void> {
    const wasOffline = (await this.live.offlineOf([stationId])).has(stationId);
    await this.live.setOnline(stationId);
    // Back online: subscribers learn the last known statuses until the station reports fresh ones.
    if (wasOffline) await this.#announce(stationId, place, undefined, at);
  }

  async #announce(stationId: string, place: StationPlace, override: ConnectorStatus | undefined, at: Date): Promise<void> {
    const known = (await this.live.getMany([stationId])).get(stationId) ?? [];
    for (const c of known) {
      await this.bus.publish({ ...c, ...place, status: override ?? c.status, at: override ? at.toISOString() : c.at });
    }
  }
}
