/**
 * Offline replay: the station loses its connection, keeps charging, queues its transaction
 * messages, then reconnects and replays them (some twice, to exercise idempotency).
 */
import { SimulatedStation } from '../station/station.js';
import type { ReplaySummary } from '../station/offline-queue.js';
import type { CallRecord, ChargingSession, StationSpec } from '../station/types.js';

export interface OfflineReplayOptions {
  ocppUrl: string;
  station: StationSpec;
  idTag: string;
  evseId?: number;
  /** Start the session while offline (default true); otherwise start online, then drop. */
  startOffline?: boolean;
  meterValues?: number;
  meterIntervalMs?: number;
  timeScale?: number;
  /** Probability that a queued message is replayed twice (default 0.5). */
  duplicateFraction?: number;
  /** Replay every queued message twice. */
  duplicateAll?: boolean;
  /** Offline duration before reconnecting, in ms (default 300). */
  offlineMs?: number;
}

export interface OfflineReplayResult {
  session: ChargingSession;
  /** Number of messages queued while offline. */
  queued: number;
  summary: ReplaySummary;
  /** Calls sent during the replay (offline = true), including duplicates. */
  replayed: CallRecord[];
  calls: CallRecord[];
  meterStartWh: number;
  meterStopWh: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function offlineReplay(options: OfflineReplayOptions): Promise<OfflineReplayResult> {
  const station = new SimulatedStation({
    endpoint: options.ocppUrl,
    spec: options.station,
    timeScale: options.timeScale ?? 600,
  });
  const interval = options.meterIntervalMs ?? 100;
  try {
    await station.connect();
    await station.boot();
    await station.reportAllStatuses();
    const evseId = options.evseId ?? 1;
    let session: ChargingSession;
    if (options.startOffline ?? true) {
      await station.goOffline();
      session = await station.startSession({ evseId, idTag: options.idTag });
    } else {
      session = await station.startSession({ evseId, idTag: options.idTag });
      await station.goOffline();
    }
    for (let i = 0; i < (options.meterValues ?? 3); i++) {
      await sleep(interval);
      await station.sendMeterValues(session);
    }
    await sleep(interval);
    await station.stopSession(session, 'Local');
    const queued = station.queuedCount;
    await sleep(options.offlineMs ?? 300);
    const replayOptions: Parameters<SimulatedStation['reconnect']>[0] = {
      duplicateFraction: options.duplicateFraction ?? 0.5,
    };
    if (options.duplicateAll !== undefined) replayOptions.duplicateAll = options.duplicateAll;
    const summary = await station.reconnect(replayOptions);
    const calls = [...station.log];
    return {
      session,
      queued,
      summary,
      replayed: calls.filter((c) => c.offline),
      calls,
      meterStartWh: Math.floor(session.meterStartWh),
      meterStopWh: Math.floor(session.meterWh),
    };
  } finally {
    await station.close();
  }
}
