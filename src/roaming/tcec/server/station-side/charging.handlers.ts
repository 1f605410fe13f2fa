import { createHash } from 'node:crypto';
import { mayRoam } from '../../../../domain/access/roaming.js';
import type { Principal } from '../../../../domain/access/principal.js';
import type { CdrTotals } from '../../../../domain/pricing/pricing.model.js';
import type { Partner } from '../../../../domain/partners/index.js';
import { CHARGE_STATES, type RoamingCharge } from '../../../../domain/roaming/index.js';
import { isAppError } from '../../../../shared/errors.js';
import { TCEC_RET, TcecRefusal } from '../../envelope/index.js';
import { kwhOf, tcecDateTime, tcecStatusOf, toWire } from '../../mappers/index.js';
import type { InboundHandler } from '../inbound-handler.js';
import { findConnector, objectBody, requiredText, type StationSideDeps } from './station-side.deps.js';

/** query_start_charge FailReason: 1 no such device, 2 offline (T/CEC); ours: 3 no agreement covers it, 4 the start could not be queued. */
export const START_FAIL = { offline: 2, noAgreement: 3, notQueued: 4 } as const;
/** query_stop_charge FailReason: 3 already stopped (T/CEC); ours: 4 not started yet. */
export const STOP_FAIL = { alreadyStopped: 3, notStarted: 4 } as const;

/**
 * The id token a partner's drivers charge with on our stations: one per partner, registered to
 * the partner's operator record, so a session it starts is authorized under the partner's
 * agreement with the station's operator and billed to the partner. 20 characters (OCPP 1.6 idTag).
 */
export const partnerDriverToken = (partnerId: string): string => `TC${createHash('sha256').update(partnerId).digest('hex').slice(0, 18).toUpperCase()}`;

/** The partner acting on our command service: an e-mobility provider with its own token. */
const principalOf = (partner: Partner): Principal => ({ kind: 'operator', keyId: `tcec:${partner.id}`, operatorId: partner.id, roles: ['EMSP'] });

const SEQ = /^[A-Za-z0-9]{1,64}$/;

function startChargeSeq(b: Record<string, unknown>): string {
  const seq = requiredText(b, 'StartChargeSeq');
  if (!SEQ.test(seq)) throw new TcecRefusal(TCEC_RET.parameters, 'StartChargeSeq must be letters and digits');
  return seq;
}

/**
 * query_start_charge: a partner's driver starts on one of our connectors, through the same
 * command service as the apps, authorized under the agreement between the partner and the
 * station's operator. Answered at once (StartChargeSeqStat 1, starting); the outcome follows as
 * notification_start_charge_result when the station starts the session or refuses.
 */
export const queryStartCharge = (d: StationSideDeps): InboundHandler => async ({ partner, now }, body) => {
  const b = objectBody(body, 'query_start_charge');
  const seq = startChargeSeq(b);
  const c = await findConnector(d, partner, b.ConnectorID);
  const connectorId = b.ConnectorID as string;
  const answer = (succ: 0 | 1, failReason: number, stat: number = CHARGE_STATES.starting) => ({
    data: { StartChargeSeq: seq, StartChargeSeqStat: stat, ConnectorID: connectorId, SuccStat: succ, FailReason: failReason },
  });
  const known = await d.charges.get(partner.id, seq);
  if (known) return answer(0, 0, known.state); // a repeated start: the charge as it stands
  const verdict = mayRoam(partner.id, c.location.operatorId, c.location.city, now, await d.agreements.between(partner.id, c.location.operatorId));
  if (!verdict.allowed) return answer(1, START_FAIL.noAgreement, CHARGE_STATES.unknown);
  if ((await d.live.read([c.stationId])).station(c.stationId).offline) return answer(1, START_FAIL.offline, CHARGE_STATES.unknown);
  const token = partnerDriverToken(partner.id);
  await d.ensurePartnerToken(token, partner.id);
  const qr = typeof b.QRCode === 'string' && b.QRCode !== '' ? b.QRCode.slice(0, 255) : null;
  // The charge first, so the session the station starts always finds it.
  await d.charges.create({ partnerId: partner.id, ref: seq, side: 'station', stationId: c.stationId, evseNo: c.evseNo, connectorNo: c.connectorNo, partnerConnectorId: connectorId, idToken: qr, providerId: partner.id, commandId: null, createdAt: now });
  try {
    const command = await d.commands.submit({ stationId: c.stationId, kind: 'start', params: { evseId: c.evseNo, connectorId: c.connectorNo, idToken: token }, principal: principalOf(partner) });
    await d.charges.update(partner.id, seq, { commandId: command.id }, now);
  } catch (e) {
    if (!isAppError(e)) throw e;
    await d.charges.update(partner.id, seq, { state: CHARGE_STATES.unknown, stoppedAt: now }, now);
    return answer(1, START_FAIL.notQueued, CHARGE_STATES.unknown);
  }
  return answer(0, 0);
};

/** The partner's charge, with the session its start began once the station began it (else 4004). */
async function charge(d: StationSideDeps, partner: Partner, seq: string, now: Date): Promise<RoamingCharge> {
  const c = await d.charges.get(partner.id, seq);
  if (!c || c.side !== 'station') throw new TcecRefusal(TCEC_RET.business, `unknown StartChargeSeq ${seq}`);
  if (c.sessionId || !c.commandId || c.state !== CHARGE_STATES.starting) return c;
  // The push planner links the session when it handles session.started; a question may come first.
  const sessionId = await d.sessionOfCommand(c.commandId);
  if (!sessionId) return c;
  return (await d.charges.update(partner.id, seq, { sessionId, state: CHARGE_STATES.charging }, now)) ?? c;
}

const money = (t: CdrTotals | null) => ({
  ElecMoney: t ? toWire(t.energyAmount, 2) : 0,
  SeviceMoney: t ? toWire(t.serviceAmount.plus(t.idleAmount).plus(t.sessionFeeAmount), 2) : 0,
  TotalMoney: t ? toWire(t.total, 2) : 0,
});

/** query_equip_charge_status: the charge now (running cost while charging; the CDR's once finished). */
export const queryEquipChargeStatus = (d: StationSideDeps): InboundHandler => async ({ partner, now }, body) => {
  const b = objectBody(body, 'query_equip_charge_status');
  const c = await charge(d, partner, startChargeSeq(b), now);
  const state = (await d.live.read([c.stationId])).station(c.stationId);
  const status = state.statuses.find((s) => s.evseNo === c.evseNo && s.connectorNo === c.connectorNo)?.status ?? 'UNKNOWN';
  const live = c.sessionId && c.state === CHARGE_STATES.charging ? await d.liveCost(c.sessionId) : null;
  const cdr = !live && c.cdrId ? await d.cdrs.get(c.cdrId) : null;
  const totals = live?.totals ?? cdr?.totals ?? null;
  const energyWh = totals?.energyWh ?? c.energyWh ?? 0;
  return {
    data: {
      StartChargeSeq: c.ref,
      StartChargeSeqStat: c.state,
      ConnectorID: c.partnerConnectorId,
      ConnectorStatus: tcecStatusOf(status, state.offline),
      CurrentA: 0,
      VoltageA: 0,
      Soc: 0,
      StartTime: tcecDateTime(c.startedAt ?? c.createdAt),
      EndTime: tcecDateTime(live?.asOf ?? c.stoppedAt ?? now),
      TotalPower: kwhOf(energyWh, 2),
      ...money(totals),
      SumPeriod: 0,
    },
  };
};

/** query_stop_charge: stops the partner's running charge through the command service; the result follows as notification_stop_charge_result. */
export const queryStopCharge = (d: StationSideDeps): InboundHandler => async ({ partner, now }, body) => {
  const b = objectBody(body, 'query_stop_charge');
  const seq = startChargeSeq(b);
  const c = await charge(d, partner, seq, now);
  if (b.ConnectorID !== undefined && b.ConnectorID !== c.partnerConnectorId) throw new TcecRefusal(TCEC_RET.business, `StartChargeSeq ${seq} is not on ConnectorID ${String(b.ConnectorID)}`);
  const answer = (succ: 0 | 1, failReason: number, stat: number) => ({ data: { StartChargeSeq: seq, StartChargeSeqStat: stat, SuccStat: succ, FailReason: failReason } });
  if (c.state === CHARGE_STATES.finished || c.state === CHARGE_STATES.unknown) return answer(1, STOP_FAIL.alreadyStopped, c.state);
  if (!c.sessionId) return answer(1, STOP_FAIL.notStarted, c.state);
  try {
    await d.commands.submit({ stationId: c.stationId, kind: 'stop', params: { sessionId: c.sessionId }, principal: principalOf(partner) });
  } catch (e) {
    if (isAppError(e) && e.code === 'SESSION_NOT_ACTIVE') return answer(1, STOP_FAIL.alreadyStopped, CHARGE_STATES.finished);
    throw e;
  }
  await d.charges.update(partner.id, seq, { state: CHARGE_STATES.stopping }, now);
  return answer(0, 0, CHARGE_STATES.stopping);
};
