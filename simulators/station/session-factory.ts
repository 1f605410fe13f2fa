/** A fresh charging session on a connector: meterStart from the connector's register, plausible power and SoC. */
import { randomUUID } from 'node:crypto';
import { chargingPowerW, isAc } from './energy.js';
import type { Rng } from '../random.js';
import type { ChargingSession, ConnectorSpec, OcppVersion } from './types.js';

export function newSession(args: {
  version: OcppVersion;
  evseId: number;
  connector: ConnectorSpec;
  idTag: string;
  registerWh: number;
  soc?: number;
  /** The vehicle's own draw (default: plausible for the connector). */
  evPowerW?: number;
  offline: boolean;
  rng: Rng;
  now?: Date;
}): ChargingSession {
  const now = args.now ?? new Date();
  const soc = args.soc ?? 15 + 35 * args.rng();
  const localId = randomUUID();
  const evPowerW = args.evPowerW ?? chargingPowerW(args.connector.standard, args.connector.maxPowerKw, soc, args.rng);
  return {
    localId,
    evseId: args.evseId,
    connectorId: args.connector.connectorId,
    idTag: args.idTag,
    // 1.6: the server assigns the id in its StartTransaction answer; 2.0.1: the station makes it up.
    transactionId: args.version === '2.0.1' ? localId : undefined,
    nextSeqNo: 0,
    meterStartWh: args.registerWh,
    meterWh: args.registerWh,
    powerW: evPowerW,
    evPowerW,
    soc,
    batteryWh: isAc(args.connector.standard) ? 50_000 : 75_000,
    startedAt: now,
    lastMeterAt: now,
    startedOffline: args.offline,
  };
}
