import { createRequire } from 'node:module';
import { describe, it, expect } from 'vitest';
import { createValidator } from 'ocpp-rpc';
import { v16Messages } from '../../../simulators/station/v16-messages.js';
import { connectorReport, v201Messages } from '../../../simulators/station/v201-messages.js';
import { generateFleet } from '../../../simulators/templates.js';
import type { ChargingSession, PendingCall } from '../../../simulators/station/types.js';

const require = createRequire(import.meta.url);
const validators = {
  '1.6': createValidator('ocpp1.6', require('ocpp-rpc/lib/schemas/ocpp1_6.json') as object),
  '2.0.1': createValidator('ocpp2.0.1', require('ocpp-rpc/lib/schemas/ocpp2_0_1.json') as object),
};

function session(overrides: Partial<ChargingSession> = {}): ChargingSession {
  const now = new Date();
  return {
    localId: '5b1c7a9e-2f1d-4c55-9b0e-1c2d3e4f5a6b',
    evseId: 1,
    connectorId: 1,
    idTag: 'TK000001',
    transactionId: 42,
    nextSeqNo: 0,
    meterStartWh: 12_345,
    meterWh: 13_000.7,
    powerW: 7000,
    evPowerW: 7000,
    soc: 41.2,
    batteryWh: 50_000,
    startedAt: now,
    lastMeterAt: now,
    startedOffline: false,
    ...overrides,
  };
}

function expectValid(version: '1.6' | '2.0.1', call: PendingCall): void {
  expect(() => validators[version].validate(`urn:${call.action}.req`, call.build())).not.toThrow();
}

describe('message builders match the OCPP JSON schemas', () => {
  const [station] = generateFleet({ count: 1, v16Fraction: 0 }).stations;
  if (!station) throw new Error('no station');
  const at = new Date();

  it('1.6', () => {
    const s = session();
    for (const call of [
      v16Messages.boot(station),
      v16Messages.heartbeat(),
      v16Messages.connectorStatus(1, 1, 'Charging', at),
      v16Messages.authorize('TK000001'),
      v16Messages.start(s, at, false),
      v16Messages.meter(s, at, false),
      v16Messages.stop(s, 'Local', at, false),
    ]) {
      expectValid('1.6', call);
    }
    expect(v16Messages.meter(s, at, false).build()).toMatchObject({ transactionId: 42, connectorId: 1 });
    expect(v16Messages.stop(s, 'Local', at, false).build()).toMatchObject({ meterStop: 13_000, reason: 'Local' });
  });

  it('2.0.1, with increasing seqNo and the offline flag', () => {
    const s = session({ transactionId: '5b1c7a9e-2f1d-4c55-9b0e-1c2d3e4f5a6b' });
    const calls = [v201Messages.start(s, at, true), v201Messages.meter(s, at, true), v201Messages.stop(s, 'EVDisconnected', at, false)];
    for (const call of [
      v201Messages.boot(station),
      v201Messages.heartbeat(),
      v201Messages.connectorStatus(1, 1, 'Charging', at),
      v201Messages.authorize('TK000001'),
      connectorReport(station, at),
      v201Messages.reservationExpired(7)!,
      ...calls,
    ]) {
      expectValid('2.0.1', call);
    }
    const payloads = calls.map((c) => c.build());
    expect(payloads.map((p) => p['seqNo'])).toEqual([0, 1, 2]);
    expect(payloads.map((p) => p['eventType'])).toEqual(['Started', 'Updated', 'Ended']);
    expect(payloads.map((p) => p['offline'])).toEqual([true, true, undefined]);
    expect(v201Messages.connectorStatus(1, 1, 'Charging', at).build()).toMatchObject({ connectorStatus: 'Occupied' });
  });

  it('1.6 has no ReservationStatusUpdate', () => {
    expect(v16Messages.reservationExpired(7)).toBeNull();
  });

  it('1.6 has no StopTransaction without a server transactionId', () => {
    expect(() => v16Messages.stop(session({ transactionId: undefined }), 'Local', at, true).build()).toThrow();
  });
});
