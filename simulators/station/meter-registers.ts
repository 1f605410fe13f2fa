/**
 * Per-connector energy registers (Wh). A register never goes backwards; a session's
 * meterStart is the register's value, and its meterStop is written back to it.
 * Optionally persisted to a JSON file so a restarted simulator continues where it left off.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { hashString } from '../random.js';

const byStation = new Map<string, MeterRegisters>();

export class MeterRegisters {
  private readonly values = new Map<string, number>();

  constructor(private readonly initialWh: (key: string) => number = () => 0) {}

  /**
   * The registers of a station, shared by every SimulatedStation of that id in this process (so a
   * reconnecting or re-created station continues its meter). They start at a plausible, stable
   * reading (10 kWh – 5 MWh).
   */
  static forStation(stationId: string): MeterRegisters {
    let registers = byStation.get(stationId);
    if (!registers) {
      registers = new MeterRegisters((key) => (hashString(`${stationId}.${key}`) % 5_000_000) + 10_000);
      byStation.set(stationId, registers);
    }
    return registers;
  }

  static key(evseId: number, connectorId: number): string {
    return `${evseId}.${connectorId}`;
  }

  get(evseId: number, connectorId: number): number {
    const key = MeterRegisters.key(evseId, connectorId);
    let value = this.values.get(key);
    if (value === undefined) {
      value = this.initialWh(key);
      this.values.set(key, value);
    }
    return value;
  }

  set(evseId: number, connectorId: number, wh: number): void {
    const key = MeterRegisters.key(evseId, connectorId);
    const current = this.values.get(key) ?? 0;
    this.values.set(key, Math.max(current, wh));
  }

  toJSON(): Record<string, number> {
    return Object.fromEntries(this.values);
  }

  save(path: string): void {
    writeFileSync(path, JSON.stringify(this.toJSON(), null, 2));
  }

  static load(path: string, fallback?: (key: string) => number): MeterRegisters {
    const registers = new MeterRegisters(fallback);
    try {
      const parsed = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
      for (const [key, value] of Object.entries(parsed)) {
        if (typeof value === 'number' && Number.isFinite(value)) registers.values.set(key, value);
      }
    } catch {
      // No file yet: start from the fallback values.
    }
    return registers;
  }
}
