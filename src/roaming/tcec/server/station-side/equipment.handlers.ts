import { Decimal } from 'decimal.js';
import type { InboundHandler } from '../inbound-handler.js';
import { policyInfosOf } from '../../mappers/index.js';
import { findConnector, objectBody, requiredText, type StationSideDeps } from './station-side.deps.js';

/**
 * query_equip_auth: may the partner's driver charge at this connector now? Yes when a plug is in
 * (T/CEC FailReason 1: not plugged in; 2: the device check failed — offline, faulted or out of service).
 */
export const queryEquipAuth = (d: StationSideDeps): InboundHandler => async ({ partner }, body) => {
  const b = objectBody(body, 'query_equip_auth');
  const seq = requiredText(b, 'EquipAuthSeq');
  const c = await findConnector(d, partner, b.ConnectorID);
  const state = (await d.live.read([c.stationId])).station(c.stationId);
  const status = state.statuses.find((s) => s.evseNo === c.evseNo && s.connectorNo === c.connectorNo)?.status ?? 'UNKNOWN';
  const failReason = state.offline || ['FAULTED', 'UNAVAILABLE', 'OFFLINE', 'UNKNOWN'].includes(status) ? 2 : ['PREPARING', 'SUSPENDED'].includes(status) ? 0 : 1;
  return { data: { EquipAuthSeq: seq, ConnectorID: b.ConnectorID, SuccStat: failReason === 0 ? 0 : 1, FailReason: failReason } };
};

/** query_equip_business_policy: the connector's time-of-use tariff now, as PolicyInfos (FailReason 1: none). */
export const queryEquipBusinessPolicy = (d: StationSideDeps): InboundHandler => async ({ partner }, body) => {
  const b = objectBody(body, 'query_equip_business_policy');
  const seq = requiredText(b, 'EquipBizSeq');
  const c = await findConnector(d, partner, b.ConnectorID);
  const tariff = c.location.tariff;
  if (!tariff || tariff.periods.length === 0) return { data: { EquipBizSeq: seq, ConnectorID: b.ConnectorID, SuccStat: 1, FailReason: 1, SumPeriod: 0, PolicyInfos: [] } };
  const periods = tariff.periods.map((p) => ({ startsAt: p.startsAt, energyPrice: new Decimal(p.energyPricePerKwh), serviceFee: new Decimal(p.serviceFeePerKwh), tier: null }));
  const infos = policyInfosOf({ periods });
  return { data: { EquipBizSeq: seq, ConnectorID: b.ConnectorID, SuccStat: 0, FailReason: 0, SumPeriod: infos.length, PolicyInfos: infos } };
};
