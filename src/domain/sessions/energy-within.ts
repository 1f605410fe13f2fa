/** A session as far as the energy it delivered in a period needs (Wh, times UTC). */
export interface MeteredSession {
  readonly startedAt: Date;
  readonly stoppedAt: Date | null;
  readonly meterStartWh: number | null;
  readonly meterStopWh: number | null;
  readonly energyWh: number | null;
  /** Its energy register readings (Energy.Active.Import.Register, Wh), any order. */
  readonly readings: readonly { readonly at: Date; readonly wh: number }[];
}

/**
 * The energy a session delivered within [from, to), in whole Wh. With meter readings (the start
 * and stop values and the register samples between) it is the register at the period's end minus
 * the register at its start, each read between the two nearest readings (linear in between, flat
 * outside them); without readings, the session's energy shared out by time. A session wholly
 * inside the period counts whole either way.
 */
export function energyWithin(s: MeteredSession, from: Date, to: Date): number {
  const points = [
    ...(s.meterStartWh === null ? [] : [{ at: s.startedAt.getTime(), wh: s.meterStartWh }]),
    ...s.readings.map((r) => ({ at: r.at.getTime(), wh: r.wh })),
    ...(s.meterStopWh === null || s.stoppedAt === null ? [] : [{ at: s.stoppedAt.getTime(), wh: s.meterStopWh }]),
  ].sort((a, b) => a.at - b.at);
  const start = s.startedAt.getTime();
  const end = s.stoppedAt?.getTime() ?? points.at(-1)?.at ?? start;
  const whole = s.energyWh ?? (s.meterStartWh !== null && s.meterStopWh !== null ? s.meterStopWh - s.meterStartWh : null);
  if (start >= from.getTime() && end <= to.getTime() && whole !== null) return Math.max(0, whole);
  const lo = Math.max(from.getTime(), start);
  const hi = Math.min(to.getTime(), end);
  if (hi < lo) return 0;
  if (points.length >= 2) return Math.max(0, Math.round(registerAt(points, hi) - registerAt(points, lo)));
  const total = Math.max(0, whole ?? 0);
  if (end <= start) return start >= from.getTime() && start < to.getTime() ? total : 0;
  return Math.round((total * (hi - lo)) / (end - start));
}

/** The register at a time: between the two readings around it, linearly; the nearest one outside them. */
function registerAt(points: readonly { at: number; wh: number }[], t: number): number {
  const first = points[0]!;
  const last = points[points.length - 1]!;
  if (t <= first.at) return first.wh;
  if (t >= last.at) return last.wh;
  const i = points.findIndex((p) => p.at >= t);
  const a = points[i - 1]!;
  const b = points[i]!;
  return b.at === a.at ? b.wh : a.wh + ((b.wh - a.wh) * (t - a.at)) / (b.at - a.at);
}
