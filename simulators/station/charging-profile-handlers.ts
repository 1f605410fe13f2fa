/**
 * Smart charging as a cooperative station answers it, both versions: SetChargingProfile installs a
 * profile (a TxProfile only for the transaction running on that EVSE), ClearChargingProfile
 * removes matching ones, GetCompositeSchedule reports the limit in force. Power follows at once.
 */
import type { Purpose, SimPeriod, SimProfile } from './charging-profiles.js';
import type { SimulatedStation } from './station.js';

type Params = Record<string, unknown>;
type Handler = (params: Params) => unknown;

/**
 * A station handles its messages in order: a TxProfile that follows the StartTransaction answer in
 * the same read must see the transactionId that answer gave. ocpp-rpc hands the next frame to its
 * handler before the answer's awaiting code has run; one turn of the event loop lets it.
 */
const inOrder = (fn: Handler): Handler => async (params) => {
  await new Promise((r) => setImmediate(r));
  return fn(params);
};

const purposeOf = (p: unknown): Purpose | undefined =>
  p === undefined ? undefined : p === 'ChargePointMaxProfile' ? 'ChargingStationMaxProfile' : (p as Purpose);
const dateOf = (s: unknown): Date | undefined => (typeof s === 'string' ? new Date(s) : undefined);

interface WireSchedule {
  chargingRateUnit: 'W' | 'A';
  startSchedule?: string;
  duration?: number;
  chargingSchedulePeriod: SimPeriod[];
}

/** The profile as installed, or the reason to reject it. */
function install(station: SimulatedStation, evseId: number, cp: Params, schedule: WireSchedule, transactionId: unknown): 'Accepted' | 'Rejected' {
  const purpose = purposeOf(cp['chargingProfilePurpose'])!;
  if (purpose === 'ChargingStationMaxProfile' && evseId !== 0) return 'Rejected';
  if (evseId !== 0 && !station.spec.evses.some((e) => e.evseId === evseId)) return 'Rejected';
  let tx: string | undefined;
  if (purpose === 'TxProfile') {
    const s = station.activeSessions.find((x) => x.evseId === evseId);
    if (evseId === 0 || !s || s.transactionId === undefined) return 'Rejected';
    if (transactionId !== undefined && String(transactionId) !== String(s.transactionId)) return 'Rejected';
    tx = String(s.transactionId);
  }
  const profile: SimProfile = {
    id: Number(cp['id'] ?? cp['chargingProfileId']),
    stackLevel: Number(cp['stackLevel']),
    purpose,
    kind: cp['chargingProfileKind'] as SimProfile['kind'],
    evseId,
    rateUnit: schedule.chargingRateUnit,
    periods: schedule.chargingSchedulePeriod.map((p) => ({ startPeriod: p.startPeriod, limit: p.limit, ...(p.numberPhases !== undefined ? { numberPhases: p.numberPhases } : {}) })),
  };
  if (cp['recurrencyKind'] !== undefined) profile.recurrencyKind = cp['recurrencyKind'] as 'Daily' | 'Weekly';
  if (tx !== undefined) profile.transactionId = tx;
  const start = dateOf(schedule.startSchedule);
  if (start) profile.startSchedule = start;
  if (schedule.duration !== undefined) profile.duration = schedule.duration;
  const from = dateOf(cp['validFrom']);
  const to = dateOf(cp['validTo']);
  if (from) profile.validFrom = from;
  if (to) profile.validTo = to;
  station.chargingProfiles.set(profile);
  station.profilesChanged();
  return 'Accepted';
}

/** The limit in force on an EVSE (0: the station, the sum of its EVSEs), in the unit asked, finite. */
function compositeLimit(station: SimulatedStation, evseId: number, unit: 'W' | 'A'): number {
  const evses = evseId === 0 ? station.spec.evses : station.spec.evses.filter((e) => e.evseId === evseId);
  const w = evses.reduce((sum, e) => sum + Math.min(station.limitW(e.evseId), (e.connectors[0]?.maxPowerKw ?? 0) * 1000), 0);
  if (unit === 'W') return Math.floor(w);
  const el = station.electrical(evses[0]?.evseId ?? 1);
  return Math.floor((w * 10) / (220 * (el.ac ? el.phases : 1))) / 10;
}

export function chargingProfileHandlers(station: SimulatedStation): Record<string, Handler> {
  if (station.spec.ocppVersion === '1.6') {
    return {
      SetChargingProfile: inOrder((p) => {
        const cp = p['csChargingProfiles'] as Params;
        return { status: install(station, Number(p['connectorId']), cp, cp['chargingSchedule'] as WireSchedule, cp['transactionId']) };
      }),
      ClearChargingProfile: (p) => {
        const removed = station.chargingProfiles.clear({
          ...(p['id'] !== undefined ? { id: Number(p['id']) } : {}),
          ...(p['connectorId'] !== undefined ? { evseId: Number(p['connectorId']) } : {}),
          ...(p['chargingProfilePurpose'] !== undefined ? { purpose: purposeOf(p['chargingProfilePurpose'])! } : {}),
          ...(p['stackLevel'] !== undefined ? { stackLevel: Number(p['stackLevel']) } : {}),
        });
        if (removed) station.profilesChanged();
        return { status: removed ? 'Accepted' : 'Unknown' };
      },
      GetCompositeSchedule: (p) => {
        const unit = (p['chargingRateUnit'] as 'W' | 'A' | undefined) ?? 'W';
        const evseId = Number(p['connectorId']);
        return {
          status: 'Accepted',
          connectorId: evseId,
          scheduleStart: station.now().toISOString(),
          chargingSchedule: { duration: Number(p['duration']), chargingRateUnit: unit, chargingSchedulePeriod: [{ startPeriod: 0, limit: compositeLimit(station, evseId, unit) }] },
        };
      },
    };
  }
  return {
    SetChargingProfile: inOrder((p) => {
      const cp = p['chargingProfile'] as Params;
      const schedules = cp['chargingSchedule'] as WireSchedule[];
      return { status: install(station, Number(p['evseId']), cp, schedules[0]!, cp['transactionId']) };
    }),
    ClearChargingProfile: (p) => {
      const c = (p['chargingProfileCriteria'] as Params | undefined) ?? {};
      const removed = station.chargingProfiles.clear({
        ...(p['chargingProfileId'] !== undefined ? { id: Number(p['chargingProfileId']) } : {}),
        ...(c['evseId'] !== undefined ? { evseId: Number(c['evseId']) } : {}),
        ...(c['chargingProfilePurpose'] !== undefined ? { purpose: purposeOf(c['chargingProfilePurpose'])! } : {}),
        ...(c['stackLevel'] !== undefined ? { stackLevel: Number(c['stackLevel']) } : {}),
      });
      if (removed) station.profilesChanged();
      return { status: removed ? 'Accepted' : 'Unknown' };
    },
    GetCompositeSchedule: (p) => {
      const unit = (p['chargingRateUnit'] as 'W' | 'A' | undefined) ?? 'W';
      const evseId = Number(p['evseId']);
      return {
        status: 'Accepted',
        schedule: {
          evseId,
          duration: Number(p['duration']),
          scheduleStart: station.now().toISOString(),
          chargingRateUnit: unit,
          chargingSchedulePeriod: [{ startPeriod: 0, limit: compositeLimit(station, evseId, unit) }],
        },
      };
    },
  };
}
