/** Normal session: boot → statuses → authorize → start → N meter values → stop. */
import { SimulatedStation } from '../station/station.js';
import type { BootResult, CallRecord, ChargingSession, StationSpec, StopReason } from '../station/types.js';

export interface NormalSessionOptions {
  /** Endpoint without identity, e.g. ws://127.0.0.1:9220/ocpp */
  ocppUrl: string;
  station: StationSpec;
  idTag: string;
  evseId?: number;
  meterValues?: number;
  /** Real time between meter values (default 200 ms). */
  meterIntervalMs?: number;
  /** Simulated seconds per real second (default 600, so a short test moves the meter visibly). */
  timeScale?: number;
  stopReason?: StopReason;
  /** Leave the station connected and return it (the caller closes it). */
  keepOpen?: boolean;
}

export interface NormalSessionResult {
  boot: BootResult;
  authorizeStatus: string;
  session: ChargingSession;
  meterStartWh: number;
  meterStopWh: number;
  /** Every call made, in order, with results or errors. */
  calls: CallRecord[];
  station: SimulatedStation;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function normalSession(options: NormalSessionOptions): Promise<NormalSessionResult> {
  const station = new SimulatedStation({
    endpoint: options.ocppUrl,
    spec: options.station,
    timeScale: options.timeScale ?? 600,
  });
  try {
    await station.connect();
    const boot = await station.boot();
    await station.reportAllStatuses();
    const authorizeStatus = await station.authorize(options.idTag);
    const session = await station.startSession({ evseId: options.evseId ?? 1, idTag: options.idTag });
    for (let i = 0; i < (options.meterValues ?? 3); i++) {
      await sleep(options.meterIntervalMs ?? 200);
      await station.sendMeterValues(session);
    }
    await sleep(options.meterIntervalMs ?? 200);
    await station.stopSession(session, options.stopReason ?? 'Local');
    return {
      boot,
      authorizeStatus,
      session,
      meterStartWh: Math.floor(session.meterStartWh),
      meterStopWh: Math.floor(session.meterWh),
      calls: [...station.log],
      station,
    };
  } finally {
    if (!options.keepOpen) await station.close();
  }
}
