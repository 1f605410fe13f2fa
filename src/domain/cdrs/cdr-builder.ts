import { Decimal } from 'decimal.js';
import { shanghaiDate } from '../../shared/shanghai-time.js';
import { checkQuality } from '../pricing/data-quality.js';
import { price } from '../pricing/price.js';
import type { CdrLine, CdrTotals, EnergyReading, PricingResult } from '../pricing/pricing.model.js';
import { powerTypeOf } from '../stations/connector-type.js';
import { tariffFor, type Tariff } from '../tariffs/tariff.model.js';
import type { Cdr, CdrLocation, CdrTariff } from './cdr.model.js';
import type { SessionFacts } from './cdr.ports.js';

/** The session's energy as the meter says: its start and stop readings, else the readings it has. */
function meter(f: SessionFacts, readings: readonly EnergyReading[]): { startWh: number; stopWh: number } {
  const first = readings[0]?.wh;
  const last = readings[readings.length - 1]?.wh;
  const startWh = f.session.meterStartWh ?? first ?? 0;
  const stopWh = f.session.meterStopWh ?? last ?? startWh;
  return { startWh, stopWh };
}

function snapshotLocation(f: SessionFacts): CdrLocation {
  const standard = f.connector?.standard ?? null;
  return {
    locationId: f.location?.id ?? null,
    name: f.location?.name ?? null,
    city: f.location?.city ?? null,
    district: f.location?.district ?? null,
    address: f.location?.address ?? null,
    stationId: f.session.stationId,
    evseNo: f.session.evseNo,
    connectorNo: f.session.connectorNo,
    standard,
    powerType: standard ? powerTypeOf(standard) : null,
    maxPowerKw: f.connector?.maxPowerW == null ? null : f.connector.maxPowerW / 1000,
  };
}

/** The tariff that applies at the session's connector, and the versions of it valid while it charged. */
export function applicableTariff(f: SessionFacts): Tariff | undefined {
  const standard = f.connector?.standard ?? null;
  return tariffFor({ id: f.location?.id ?? '', operatorId: f.session.cpoId }, f.tariffs, standard ? powerTypeOf(standard) : null);
}

function snapshotTariff(t: Tariff | undefined, from: Date, to: Date): CdrTariff {
  if (!t) return { tariffId: null, name: null, versions: [] };
  const used = t.versions.filter((v) => v.validFrom.getTime() <= to.getTime() && (v.validTo === null || v.validTo.getTime() > from.getTime()));
  return {
    tariffId: t.id,
    name: t.name,
    versions: used.map((v) => ({ version: v.version, validFrom: v.validFrom, validTo: v.validTo, periods: v.periods, idleFee: v.idleFee, sessionFee: v.sessionFee })),
  };
}

/** Prices a session (finished, or running up to its latest reading) with the tariff that applies. */
export function priceSession(f: SessionFacts, until?: Date): { result: PricingResult; tariff: Tariff | undefined; startedAt: Date; stoppedAt: Date } {
  const readings = f.readings;
  const { startWh, stopWh } = meter(f, readings);
  const startedAt = f.session.startedAt;
  const stoppedAt = until ?? f.session.stoppedAt ?? readings[readings.length - 1]?.at ?? startedAt;
  const tariff = applicableTariff(f);
  const result: PricingResult = tariff
    ? price(tariff.versions, { startedAt, stoppedAt, meterStartWh: startWh, meterStopWh: stopWh, chargingEndedAt: f.chargingEndedAt }, readings)
    : { status: 'unpriced', reason: 'no tariff applies at this connector', lines: [], totals: zeroTotals(Math.max(0, stopWh - startWh)) };
  return { result, tariff, startedAt, stoppedAt };
}

export const zeroTotals = (energyWh = 0): CdrTotals => ({
  energyWh,
  energyAmount: new Decimal(0),
  serviceAmount: new Decimal(0),
  idleAmount: new Decimal(0),
  sessionFeeAmount: new Decimal(0),
  total: new Decimal(0),
});

/**
 * A finished session's original CDR: priced with the versions valid while it charged; unpriced
 * (with the reason) when no tariff covers it; held for review when its data look wrong.
 */
export function buildCdr(f: SessionFacts, id: string, now: Date): Cdr {
  const { result, tariff, startedAt, stoppedAt } = priceSession(f);
  const { startWh, stopWh } = meter(f, f.readings);
  const quality = checkQuality({
    startedAt,
    stoppedAt,
    meterStartWh: f.session.meterStartWh ?? startWh,
    meterStopWh: f.session.meterStopWh ?? stopWh,
    readings: f.readings,
    maxPowerW: f.connector?.maxPowerW ?? null,
    authStatus: f.session.authStatus,
    now,
  });
  return {
    id,
    sessionId: f.session.id,
    kind: 'original',
    status: result.status === 'unpriced' ? 'unpriced' : quality.length > 0 ? 'held' : 'priced',
    statusReason: result.status === 'unpriced' ? result.reason : null,
    quality,
    cpoId: f.session.cpoId,
    providerId: f.session.providerId ?? f.session.cpoId,
    agreementId: f.session.agreementId,
    creditsCdrId: null,
    replacesCdrId: null,
    idToken: f.session.idToken,
    location: snapshotLocation(f),
    tariff: snapshotTariff(tariff, startedAt, stoppedAt),
    startedAt,
    stoppedAt,
    lines: result.lines,
    totals: result.totals,
    currency: 'CNY',
    settlementDay: shanghaiDate(stoppedAt),
    createdAt: now,
    review: null,
  };
}

const neg = (d: Decimal): Decimal => (d.isZero() ? new Decimal(0) : d.negated());

/** The credit that cancels a CDR: the same record with every quantity and amount negated. */
export function creditFor(c: Cdr, now: Date): Cdr {
  const lines: CdrLine[] = c.lines.map((l) => ({
    ...l,
    wh: -l.wh,
    minutes: -l.minutes,
    energyAmount: neg(l.energyAmount),
    serviceAmount: neg(l.serviceAmount),
    feeAmount: neg(l.feeAmount),
    amount: neg(l.amount),
  }));
  const t = c.totals;
  return {
    ...c,
    id: `${c.id}-C`,
    kind: 'credit',
    status: 'priced',
    statusReason: null,
    quality: [],
    creditsCdrId: c.id,
    replacesCdrId: null,
    lines,
    totals: {
      energyWh: -t.energyWh,
      energyAmount: neg(t.energyAmount),
      serviceAmount: neg(t.serviceAmount),
      idleAmount: neg(t.idleAmount),
      sessionFeeAmount: neg(t.sessionFeeAmount),
      total: neg(t.total),
    },
    createdAt: now,
    review: null,
  };
}

/**
 * The corrected CDR replacing `original`: the session priced again from its facts, with the
 * energy corrected when given (then split by time: the readings no longer match it).
 */
export function replacementFor(original: Cdr, f: SessionFacts, id: string, now: Date, correctedWh?: number): Cdr {
  const facts: SessionFacts =
    correctedWh === undefined
      ? f
      : { ...f, readings: [], session: { ...f.session, meterStartWh: 0, meterStopWh: correctedWh, stoppedAt: original.stoppedAt, startedAt: original.startedAt } };
  const fresh = buildCdr(facts, id, now);
  return {
    ...fresh,
    kind: 'replacement',
    // An operator decided on it: data-quality findings do not hold it again.
    status: fresh.status === 'unpriced' ? 'unpriced' : 'priced',
    quality: [],
    replacesCdrId: original.id,
    // Settled with the day of the session, as an adjustment once that day closed.
    settlementDay: original.settlementDay,
  };
}
