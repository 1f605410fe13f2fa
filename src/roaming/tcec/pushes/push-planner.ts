import type { CatalogLocation } from '../../../domain/availability/availability.model.js';
import type { Cdr } from '../../../domain/cdrs/cdr.model.js';
import { isKind, type EventConsumer, type StoredEvent } from '../../../domain/events/index.js';
import { connectsTo, type Partner } from '../../../domain/partners/index.js';
import { CHARGE_STATES, type NewPartnerPush, type RoamingCharge, type RoamingChargeStore } from '../../../domain/roaming/index.js';
import type { ConnectorStatus } from '../../../domain/stations/connector-status.js';
import type { Clock } from '../../../shared/clock.js';
import { chargeOrderInfoOf, stationInfoOf, tcecConnectorId, tcecDateTime, tcecStatusOf } from '../mappers/index.js';
import { PUSH_KINDS, sessionChargeSeq } from './push-keys.js';
import type { PushSender } from './push-sender.js';

export interface PushPlannerDeps {
  readonly partners: { list(): Promise<Partner[]> };
  /** A station's operator and location (null: no such station). */
  readonly stationOwner: (stationId: string) => Promise<{ operatorId: string; locationId: string | null } | null>;
  readonly charges: RoamingChargeStore;
  readonly cdrs: { get(id: string): Promise<Cdr | null> };
  readonly catalog: { locations(): Promise<readonly CatalogLocation[]> };
  readonly sender: Pick<PushSender, 'enqueueAndSend'>;
  readonly clock: Clock;
  /** ServiceTel in StationInfo. */
  readonly serviceTel: string;
}

export const TCEC_PUSHES = 'tcec-pushes';

/** Partners that hear about our member's stations: those whose drivers use them, and supervisors. */
const listens = (p: Partner, operatorId: string): boolean => p.protocol === 'tcec' && p.state !== 'suspended' && connectsTo(p, operatorId) && (p.role === 'emsp' || p.role === 'supervisor');

/**
 * Turns outbox events into pushes to T/CEC partners, queued once per (partner, event) and sent at
 * once: connector changes as notification_stationStatus; a partner's charge starting, stopping
 * and its CDR as notification_start_charge_result, notification_stop_charge_result and
 * notification_charge_order_info; to a supervisor also every order of the member's stations and
 * notification_stationInfo when a location, station or connector changes.
 */
export class PushPlanner {
  constructor(private readonly d: PushPlannerDeps) {}

  consumer(): EventConsumer {
    return {
      name: TCEC_PUSHES,
      kinds: ['connector.status', 'session.started', 'session.ended', 'command.answered', 'cdr.created', 'cdr.reviewed', 'catalog.changed'],
      pollMs: 100,
      batch: 500,
      handle: (events) => this.handle(events),
    };
  }

  async handle(events: readonly StoredEvent[]): Promise<void> {
    // Read per batch, not cached: a partner added a moment ago hears of the next change.
    const partners = (await this.d.partners.list()).filter((p) => p.protocol === 'tcec');
    if (partners.length === 0) return;
    const pushes: NewPartnerPush[] = [];
    for (const e of events) {
      if (isKind(e, 'connector.status')) pushes.push(...(await this.status(e, partners)));
      else if (isKind(e, 'session.started')) pushes.push(...(await this.started(e, partners)));
      else if (isKind(e, 'command.answered')) pushes.push(...(await this.answered(e, partners)));
      else if (isKind(e, 'session.ended')) pushes.push(...(await this.ended(e, partners)));
      else if (isKind(e, 'cdr.created') && e.payload.kind === 'original') pushes.push(...(await this.order(e.payload.cdrId, e, partners)));
      // A CDR held for review is an order once released.
      else if (isKind(e, 'cdr.reviewed') && e.payload.status === 'priced') pushes.push(...(await this.order(e.payload.cdrId, e, partners)));
      else if (isKind(e, 'catalog.changed')) pushes.push(...(await this.stationInfo(e, partners)));
    }
    if (pushes.length > 0) await this.d.sender.enqueueAndSend(pushes);
  }

  private async status(e: StoredEvent<'connector.status'>, partners: Partner[]): Promise<NewPartnerPush[]> {
    const p = e.payload;
    const owner = await this.d.stationOwner(p.stationId);
    if (!owner) return [];
    const body = { ConnectorStatusInfo: { ConnectorID: tcecConnectorId(p.stationId, p.evseNo, p.connectorNo), Status: tcecStatusOf(p.status as ConnectorStatus) } };
    return partners.filter((x) => listens(x, owner.operatorId)).map((x) => ({ partnerId: x.id, kind: PUSH_KINDS.stationStatus, key: e.key, body, createdAt: e.occurredAt }));
  }

  /** A partner's start waiting on this connector is the one the session answers. */
  private async waitingCharge(stationId: string, evseNo: number | null): Promise<RoamingCharge | undefined> {
    const active = await this.d.charges.active('station', 1000);
    return active.find((c) => c.stationId === stationId && c.state === CHARGE_STATES.starting && (evseNo === null || c.evseNo === evseNo));
  }

  private chargePush(partners: Partner[], c: RoamingCharge, kind: string, key: string, body: unknown, at: Date): NewPartnerPush[] {
    return partners.some((p) => p.id === c.partnerId) ? [{ partnerId: c.partnerId, kind, key: `${key}:${c.ref}`, body, createdAt: at }] : [];
  }

  private async started(e: StoredEvent<'session.started'>, partners: Partner[]): Promise<NewPartnerPush[]> {
    const s = e.payload;
    const charge = (await this.d.charges.bySession(s.sessionId)) ?? (await this.waitingCharge(s.stationId, s.evseNo));
    if (!charge) return [];
    const startedAt = new Date(s.startedAt);
    await this.d.charges.update(charge.partnerId, charge.ref, { sessionId: s.sessionId, state: CHARGE_STATES.charging, startedAt }, this.d.clock.now());
    const body = { StartChargeSeq: charge.ref, StartChargeSeqStat: CHARGE_STATES.charging, ConnectorID: charge.partnerConnectorId, StartTime: tcecDateTime(startedAt) };
    return this.chargePush(partners, charge, PUSH_KINDS.startResult, 'start', body, e.occurredAt);
  }

  /** A start the station refused (or never answered) ends the partner's charge: its result says so. */
  private async answered(e: StoredEvent<'command.answered'>, partners: Partner[]): Promise<NewPartnerPush[]> {
    const a = e.payload;
    if (a.kind !== 'start' || a.status === 'accepted') return [];
    const charge = await this.d.charges.byCommand(a.commandId);
    if (!charge || charge.state !== CHARGE_STATES.starting) return [];
    await this.d.charges.update(charge.partnerId, charge.ref, { state: CHARGE_STATES.unknown, stoppedAt: e.occurredAt }, this.d.clock.now());
    const body = { StartChargeSeq: charge.ref, StartChargeSeqStat: CHARGE_STATES.unknown, ConnectorID: charge.partnerConnectorId, StartTime: tcecDateTime(e.occurredAt) };
    return this.chargePush(partners, charge, PUSH_KINDS.startResult, 'start', body, e.occurredAt);
  }

  private async ended(e: StoredEvent<'session.ended'>, partners: Partner[]): Promise<NewPartnerPush[]> {
    const s = e.payload;
    const charge = await this.d.charges.bySession(s.sessionId);
    if (!charge || charge.side !== 'station') return [];
    const stoppedAt = new Date(s.stoppedAt);
    await this.d.charges.update(charge.partnerId, charge.ref, { state: CHARGE_STATES.finished, stoppedAt, ...(s.energyWh === null ? {} : { energyWh: s.energyWh }) }, this.d.clock.now());
    const body = { StartChargeSeq: charge.ref, StartChargeSeqStat: CHARGE_STATES.finished, ConnectorID: charge.partnerConnectorId, SuccStat: 0, FailReason: 0 };
    return this.chargePush(partners, charge, PUSH_KINDS.stopResult, 'stop', body, e.occurredAt);
  }

  private async order(cdrId: string, e: StoredEvent, partners: Partner[]): Promise<NewPartnerPush[]> {
    const cdr = await this.d.cdrs.get(cdrId);
    // Only what settles is an order (an unpriced or held CDR is not one, yet).
    if (!cdr || cdr.status !== 'priced' || cdr.kind !== 'original') return [];
    const pushes: NewPartnerPush[] = [];
    const charge = await this.d.charges.bySession(cdr.sessionId);
    if (charge && charge.side === 'station') {
      await this.d.charges.update(charge.partnerId, charge.ref, { cdrId: cdr.id, stoppedAt: cdr.stoppedAt, energyWh: cdr.totals.energyWh, state: CHARGE_STATES.finished }, this.d.clock.now());
      const body = chargeOrderInfoOf(cdr, { startChargeSeq: charge.ref, stopReason: 0 });
      pushes.push(...this.chargePush(partners, charge, PUSH_KINDS.orderInfo, 'order', body, e.occurredAt));
    }
    for (const sup of partners.filter((p) => p.role === 'supervisor' && p.state !== 'suspended' && connectsTo(p, cdr.cpoId) && p.id !== charge?.partnerId)) {
      const body = chargeOrderInfoOf(cdr, { startChargeSeq: charge?.ref ?? sessionChargeSeq(sup.tcec.ourOperatorId, cdr.sessionId), stopReason: 0 });
      pushes.push({ partnerId: sup.id, kind: PUSH_KINDS.orderInfo, key: `order:${cdr.id}`, body, createdAt: e.occurredAt });
    }
    return pushes;
  }

  private async stationInfo(e: StoredEvent<'catalog.changed'>, partners: Partner[]): Promise<NewPartnerPush[]> {
    const supervisors = partners.filter((p) => p.role === 'supervisor' && p.state !== 'suspended');
    if (supervisors.length === 0) return [];
    const { entity, id } = e.payload;
    let locationId: string | null = null;
    if (entity === 'location') locationId = id;
    else if (entity === 'station' || entity === 'connector') locationId = (await this.d.stationOwner(id.split('.')[0]!))?.locationId ?? null;
    if (!locationId) return [];
    const location = (await this.d.catalog.locations()).find((l) => l.id === locationId);
    if (!location) return [];
    return supervisors
      .filter((s) => connectsTo(s, location.operatorId))
      .map((s) => ({
        partnerId: s.id,
        kind: PUSH_KINDS.stationInfo,
        key: e.key,
        body: { StationInfo: stationInfoOf(location, { operatorId: s.tcec.ourOperatorId, serviceTel: this.d.serviceTel }) },
        createdAt: e.occurredAt,
      }));
  }
}
