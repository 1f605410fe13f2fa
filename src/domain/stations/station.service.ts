import type { Clock } from '../../shared/clock.js';
import { domainEvent } from '../events/index.js';
import type { LiveStatusPublisher, StationPlace } from '../availability/index.js';
import { statusFromChargingState, type ConnectorStatus } from './connector-status.js';
import { connectorStandardFromOcpp } from './connector-type.js';
import { admission, PLAIN_CONNECTION, type AdmissionRefusal, type ConnectionSecurity, type SecurityProfile } from './security-profile.js';
import { hashStationPassword, matchesStationKey, newStationKey } from './station-credentials.js';
import type {
  BootInfo,
  ConnectorSpec,
  ConnectorStatusReport,
  RegistrationStatus,
  StationCredentials,
  StationEventRecord,
  StationVariable,
} from './station.model.js';
import type { StationRepository } from './station.ports.js';

export type AuthResult =
  | { ok: true; stationId: string; operatorId: string; registrationStatus: RegistrationStatus; place: StationPlace; securityProfile: SecurityProfile }
  | { ok: false; reason: 'UNKNOWN_STATION' | 'BAD_PASSWORD' | 'NO_PASSWORD' | AdmissionRefusal };

export interface BootResult {
  status: RegistrationStatus;
  intervalSec: number;
  currentTime: Date;
}

export interface StationServiceOptions {
  heartbeatIntervalSec: number;
  autoRegister: boolean;
  /** Live state for drivers' apps; absent on nodes that do not serve them (tests, tools). */
  live?: LiveStatusPublisher | undefined;
}

const placeOf = (c: StationCredentials): StationPlace => ({
  operatorId: c.operatorId,
  locationId: c.location?.id ?? null,
  city: c.location?.city ?? null,
  lat: c.location?.lat ?? null,
  lng: c.location?.lng ?? null,
});

/** Station lifecycle as stations report it: authentication, boot, heartbeat, status, reports, events. */
export class StationService {
  constructor(
    private readonly repo: StationRepository,
    private readonly clock: Clock,
    private readonly options: StationServiceOptions,
  ) {}

  /**
   * The WebSocket upgrade of a station: its profile decides what the connection must show
   * (security-profile.ts); a password matches the station's key, or a rotated key it was sent and
   * has not confirmed yet (which then becomes its key).
   */
  async authenticate(stationId: string, password: Buffer | undefined, connection: ConnectionSecurity = PLAIN_CONNECTION): Promise<AuthResult> {
    const creds = await this.repo.getCredentials(stationId);
    if (!creds) {
      if (!this.options.autoRegister || !password) return { ok: false, reason: 'UNKNOWN_STATION' };
      const created = await this.repo.registerPending(
        stationId,
        hashStationPassword(password),
        this.clock.now(),
      );
      return { ok: true, stationId, operatorId: created.operatorId, registrationStatus: 'Pending', place: placeOf(created), securityProfile: 1 };
    }
    const admitted = admission(stationId, creds.securityProfile, connection);
    if (!admitted.ok) return admitted;
    if (admitted.needsPassword) {
      if (!password) return { ok: false, reason: 'NO_PASSWORD' };
      if (!matchesStationKey(password, creds.passwordHash)) {
        if (!creds.pendingPasswordHash || !matchesStationKey(password, creds.pendingPasswordHash)) return { ok: false, reason: 'BAD_PASSWORD' };
        await this.repo.promotePendingPassword(stationId, creds.pendingPasswordHash);
      }
    }
    return { ok: true, stationId, operatorId: creds.operatorId, registrationStatus: creds.registrationStatus, place: placeOf(creds), securityProfile: admitted.profile };
  }

  /**
   * Key rotation, when the command goes out: a new key, valid beside the current one from now on
   * (stored before it leaves, so a station that takes it and reconnects at once is let in). Only
   * its hash is kept; the key itself exists only in the message to the station.
   */
  async issueKey(stationId: string, commandId: string, form: 'password-string' | 'authorization-key-hex'): Promise<string> {
    const key = newStationKey(form);
    await this.repo.setPendingPassword(stationId, hashStationPassword(key.presented), commandId);
    return key.sent;
  }

  async boot(stationId: string, info: BootInfo): Promise<BootResult> {
    const now = this.clock.now();
    // Firmware campaigns learn a station's new version from this event.
    const booted = domainEvent('station.booted', `${stationId}:${now.toISOString()}`, stationId, { stationId, firmwareVersion: info.firmwareVersion ?? null, at: now.toISOString() }, now);
    const status: RegistrationStatus = (await this.repo.recordBoot(stationId, info, now, booted)) ?? 'Rejected';
    // A pending or rejected station is asked to retry sooner than the regular heartbeat.
    const intervalSec = status === 'Accepted' ? this.options.heartbeatIntervalSec : 60;
    return { status, intervalSec, currentTime: now };
  }

  heartbeat(stationId: string): Date {
    const now = this.clock.now();
    this.repo.touch(stationId, now);
    return now;
  }

  seen(stationId: string): void {
    this.repo.touch(stationId, this.clock.now());
  }

  async connectorStatus(input: ConnectorStatusReport & { readonly occupied?: boolean }, place: StationPlace): Promise<void> {
    const { occupied, ...rest } = input;
    const report: ConnectorStatusReport = occupied && this.options.live ? { ...rest, status: await this.options.live.refineOccupied(rest.stationId, rest.evseNo, rest.connectorNo) } : rest;
    await this.repo.recordConnectorStatus(report);
    await this.options.live?.connector(report.stationId, place, report.evseNo, report.connectorNo, report.status, report.occurredAt);
  }

  /** A reservation of the EVSE ended: a connector still RESERVED is AVAILABLE again (live and stored). */
  async releaseReserved(stationId: string, evseNo: number, at: Date): Promise<void> {
    const creds = await this.repo.getCredentials(stationId);
    if (!creds || !this.options.live) return;
    for (const connectorNo of await this.options.live.releaseReserved(stationId, placeOf(creds), evseNo, at)) {
      await this.repo.setConnectorStatus(stationId, evseNo, connectorNo, 'AVAILABLE', at);
    }
  }

  /** The station's socket is open (again). */
  async connected(stationId: string, place: StationPlace): Promise<void> {
    this.seen(stationId);
    await this.options.live?.online(stationId, place, this.clock.now());
  }

  /** Its socket closed: drivers see its connectors OFFLINE until it is back. */
  async disconnected(stationId: string, place: StationPlace): Promise<void> {
    await this.options.live?.offline(stationId, place, this.clock.now());
  }

  /**
   * 2.0.1: a TransactionEvent's chargingState refines an Occupied connector's live status, as of the
   * event's own time, so a replayed old event never overrides a newer status.
   */
  async chargingState(
    stationId: string,
    place: StationPlace,
    evseNo: number,
    connectorNo: number,
    chargingState: string,
    at: Date,
  ): Promise<ConnectorStatus | undefined> {
    const status = statusFromChargingState(chargingState);
    if (status) {
      const effective = this.options.live ? await this.options.live.chargingStateAt(stationId, evseNo, connectorNo, at) : { at, current: undefined };
      // A station repeats its chargingState with every meter value: the same state again changes nothing.
      if (effective.current === status) return status;
      await this.repo.setConnectorStatus(stationId, evseNo, connectorNo, status, effective.at);
      await this.options.live?.connector(stationId, place, evseNo, connectorNo, status, effective.at);
    }
    return status;
  }

  async report(stationId: string, variables: readonly StationVariable[]): Promise<void> {
    await this.repo.recordVariables(stationId, variables, this.clock.now());
    const specs = connectorSpecsFrom(variables);
    if (specs.length > 0) await this.repo.upsertConnectorSpecs(stationId, specs);
  }

  async event(event: Omit<StationEventRecord, 'occurredAt'> & { occurredAt?: Date | undefined }): Promise<boolean> {
    return this.repo.recordEvent({ ...event, occurredAt: event.occurredAt ?? this.clock.now() });
  }

  async firmwareStatus(stationId: string, status: string, payload: unknown, requestId?: number): Promise<void> {
    await this.repo.recordEvent({
      stationId,
      kind: 'FirmwareStatus',
      dedupeKey: `${requestId ?? '-'}:${status}:${this.clock.now().toISOString()}`,
      payload,
      occurredAt: this.clock.now(),
    });
    const now = this.clock.now();
    const event = domainEvent('firmware.status', `${stationId}:${requestId ?? '-'}:${status}:${now.toISOString()}`, stationId, { stationId, status, requestId: requestId ?? null, at: now.toISOString() }, now);
    await this.repo.setFirmwareStatus(stationId, status, event);
  }

  /** A local controller's progress in publishing firmware to its stations (2.0.1 PublishFirmwareStatusNotification): kept as a station event. */
  async publishFirmwareStatus(stationId: string, status: string, payload: unknown, requestId?: number): Promise<void> {
    const now = this.clock.now();
    await this.repo.recordEvent({ stationId, kind: 'PublishFirmwareStatus', dedupeKey: `${requestId ?? '-'}:${status}:${now.toISOString()}`, payload, occurredAt: now });
  }

  async diagnosticsStatus(stationId: string, status: string, payload: unknown, kind = 'DiagnosticsStatus'): Promise<void> {
    await this.repo.recordEvent({
      stationId,
      kind,
      dedupeKey: `${status}:${this.clock.now().toISOString()}`,
      payload,
      occurredAt: this.clock.now(),
    });
    await this.repo.setDiagnosticsStatus(stationId, status);
  }
}

/** Connector standard and EVSE power from a NotifyReport's Connector/EVSE components. */
export function connectorSpecsFrom(variables: readonly StationVariable[]): ConnectorSpec[] {
  const specs = new Map<string, { evseNo: number; connectorNo: number; standard?: ConnectorSpec['standard']; maxPowerW?: number }>();
  for (const v of variables) {
    if (v.evseNo === undefined || v.value === undefined) continue;
    const connectorNo = v.connectorNo ?? 1;
    const key = `${v.evseNo}.${connectorNo}`;
    const spec = specs.get(key) ?? { evseNo: v.evseNo, connectorNo };
    if (v.component === 'Connector' && v.variable === 'ConnectorType' && v.attributeType === 'Actual') {
      spec.standard = connectorStandardFromOcpp(v.value);
    } else if (v.component === 'EVSE' && v.variable === 'Power' && v.attributeType === 'MaxLimit') {
      const w = Math.round(Number(v.value));
      if (Number.isFinite(w) && w > 0) spec.maxPowerW = w;
    } else {
      continue;
    }
    specs.set(key, spec);
  }
  return [...specs.values()];
}
