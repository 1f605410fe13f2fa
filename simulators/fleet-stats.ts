/** Live counters of a running fleet, and their one-line rendering for the terminal. */

export interface FleetStats {
  stations: number;
  connected: number;
  booted: number;
  rejected: number;
  sessionsStarted: number;
  sessionsStopped: number;
  activeSessions: number;
  meterValues: number;
  heartbeats: number;
  calls: number;
  errors: number;
  /** Most recent error messages (at most 20). */
  lastErrors: string[];
}

export function emptyStats(stations: number): FleetStats {
  return {
    stations,
    connected: 0,
    booted: 0,
    rejected: 0,
    sessionsStarted: 0,
    sessionsStopped: 0,
    activeSessions: 0,
    meterValues: 0,
    heartbeats: 0,
    calls: 0,
    errors: 0,
    lastErrors: [],
  };
}

export function noteError(stats: FleetStats, message: string): void {
  stats.errors++;
  stats.lastErrors.push(message);
  if (stats.lastErrors.length > 20) stats.lastErrors.shift();
}

export function formatStats(stats: FleetStats, elapsedSec: number): string {
  return [
    `t=${elapsedSec.toFixed(0).padStart(4)}s`,
    `conn ${stats.connected}/${stats.stations}`,
    `booted ${stats.booted}`,
    `sessions +${stats.sessionsStarted} -${stats.sessionsStopped} (active ${stats.activeSessions})`,
    `meter ${stats.meterValues}`,
    `calls ${stats.calls}`,
    `errors ${stats.errors}`,
  ].join(' | ');
}
