import type { CatalogLocation, CatalogStation } from '../../../../domain/availability/availability.model.js';
import type { LiveRead } from '../../../../domain/availability/live-status.ports.js';
import type { AgreementLookup } from '../../../../domain/agreements/agreement.ports.js';
import type { LiveCost } from '../../../../domain/cdrs/cdr.service.js';
import type { Cdr } from '../../../../domain/cdrs/cdr.model.js';
import type { CommandService } from '../../../../domain/commands/command.service.js';
import { connectsTo, type Partner, type PartnerStationQueries } from '../../../../domain/partners/index.js';
import type { RoamingChargeStore } from '../../../../domain/roaming/index.js';
import { TCEC_RET, TcecRefusal } from '../../envelope/index.js';
import { parseTcecConnectorId } from '../../mappers/index.js';

/** What the station-side interfaces use: the same catalog, live state and use cases as the apps. */
export interface StationSideDeps {
  readonly catalog: { locations(): Promise<readonly CatalogLocation[]> };
  readonly live: { read(stationIds: readonly string[]): Promise<LiveRead> };
  readonly queries: PartnerStationQueries;
  readonly agreements: AgreementLookup;
  readonly commands: Pick<CommandService, 'submit'>;
  readonly charges: RoamingChargeStore;
  /** The running cost of a session (null when it is not running). */
  readonly liveCost: (sessionId: string) => Promise<LiveCost | null>;
  readonly cdrs: { get(id: string): Promise<Cdr | null> };
  /** The session a start command began (null until the station started it). */
  readonly sessionOfCommand: (commandId: string) => Promise<string | null>;
  /** Registers the partner's driver token (once), so its sessions are authorized and billed to it. */
  readonly ensurePartnerToken: (uid: string, partnerId: string) => Promise<void>;
  /** ServiceTel in StationInfo. */
  readonly serviceTel: string;
}

/** The locations a partner may see: those of the member operators of ours it is connected to. */
export async function partnerLocations(d: StationSideDeps, partner: Partner): Promise<CatalogLocation[]> {
  return (await d.catalog.locations()).filter((l) => connectsTo(partner, l.operatorId));
}

export interface FoundConnector {
  readonly location: CatalogLocation;
  readonly station: CatalogStation;
  readonly stationId: string;
  readonly evseNo: number;
  readonly connectorNo: number;
}

/** A ConnectorID of one of the partner's visible stations, or 4004. */
export async function findConnector(d: StationSideDeps, partner: Partner, connectorId: unknown): Promise<FoundConnector> {
  if (typeof connectorId !== 'string' || connectorId === '') throw new TcecRefusal(TCEC_RET.parameters, 'ConnectorID missing');
  const id = parseTcecConnectorId(connectorId);
  if (id) {
    for (const location of await partnerLocations(d, partner)) {
      const station = location.stations.find((s) => s.id === id.stationId);
      const evse = station?.evses.find((e) => e.evseNo === id.evseNo);
      if (station && evse?.connectors.some((c) => c.connectorNo === id.connectorNo)) return { location, station, ...id };
    }
  }
  throw new TcecRefusal(TCEC_RET.business, `unknown ConnectorID ${connectorId}`);
}

/** The body as an object (else 4003). */
export function objectBody(body: unknown, iface: string): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new TcecRefusal(TCEC_RET.parameters, `${iface} Data must be a JSON object`);
  return body as Record<string, unknown>;
}

/** A required string field (else 4003). */
export function requiredText(b: Record<string, unknown>, field: string, max = 64): string {
  const v = b[field];
  if (typeof v !== 'string' || v === '' || v.length > max) throw new TcecRefusal(TCEC_RET.parameters, `${field} must be a string of 1–${max} characters`);
  return v;
}
