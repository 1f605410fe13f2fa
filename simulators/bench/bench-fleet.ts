/** The benchmark's own stations: deterministic ids and passwords, shared by the orchestrator and its workers. */
import { TEMPLATES, stationPassword } from '../templates.js';
import type { EvseSpec, OcppVersion } from '../station/types.js';

export const BENCH_SEED = 20_240_601;
export const BENCH_OPERATOR = 'BENCH-OP';
export const BENCH_EMSP = 'BENCH-EMSP';
export const BENCH_LOCATION = 'BENCH-LOC';
export const BENCH_TOKEN = 'BENCHTOKEN0001';

export interface BenchStation {
  id: string;
  password: string;
  ocppVersion: OcppVersion;
  evses: EvseSpec[];
}

const LAYOUTS = [TEMPLATES.acWallbox7, TEMPLATES.dc60, TEMPLATES.dc120Dual];

/** Station `i` (0-based) of a pool: alternating 1.6 / 2.0.1, cycling through the three templates. */
export function benchStation(pool: 'L' | 'S', i: number): BenchStation {
  const id = `BENCH-${pool}-${String(i + 1).padStart(5, '0')}`;
  const layout = LAYOUTS[i % LAYOUTS.length] ?? TEMPLATES.acWallbox7;
  return {
    id,
    password: stationPassword(id, BENCH_SEED),
    ocppVersion: i % 2 === 0 ? '1.6' : '2.0.1',
    evses: layout.evses,
  };
}

export function bootCall(s: BenchStation): { action: string; payload: unknown } {
  return s.ocppVersion === '1.6'
    ? { action: 'BootNotification', payload: { chargePointVendor: 'XiangDian', chargePointModel: 'XD-BENCH' } }
    : {
        action: 'BootNotification',
        payload: { reason: 'PowerUp', chargingStation: { vendorName: 'XiangDian', model: 'XD-BENCH' } },
      };
}

/** One StatusNotification per connector (1.6: connectorId = evseId). */
export function statusCalls(s: BenchStation): Array<{ action: string; payload: unknown }> {
  const timestamp = new Date().toISOString();
  return s.evses.flatMap((e) =>
    e.connectors.map((c) => ({
      action: 'StatusNotification',
      payload:
        s.ocppVersion === '1.6'
          ? { connectorId: e.evseId, errorCode: 'NoError', status: 'Available', timestamp }
          : { timestamp, connectorStatus: 'Available', evseId: e.evseId, connectorId: c.connectorId },
    })),
  );
}
