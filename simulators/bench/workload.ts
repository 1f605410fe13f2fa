/**
 * The gateway load: per station a repeating transaction cycle,
 * 1.6: StartTransaction → 8 × MeterValues → StopTransaction;
 * 2.0.1: TransactionEvent Started → 8 × Updated → Ended.
 */
import { randomUUID } from 'node:crypto';
import type { OcppFrame } from '../raw-ocpp-socket.js';
import { BENCH_TOKEN } from './bench-fleet.js';
import type { BenchStation } from './bench-fleet.js';

export const METER_VALUES_PER_SESSION = 8;

export class StationWorkload {
  private step = 0;
  private meterWh = 100_000;
  private txId: number | string = 0;
  private seqNo = 0;

  constructor(private readonly station: BenchStation) {}

  next(): { action: string; payload: unknown } {
    const now = new Date().toISOString();
    const v16 = this.station.ocppVersion === '1.6';
    const last = METER_VALUES_PER_SESSION + 1;
    const step = this.step;
    this.step = step === last ? 0 : step + 1;
    if (step > 0) this.meterWh += 150;
    if (step === 0) {
      this.seqNo = 0;
      if (v16) return { action: 'StartTransaction', payload: { connectorId: 1, idTag: BENCH_TOKEN, meterStart: this.meterWh, timestamp: now } };
      this.txId = randomUUID();
      return this.event('Started', 'Authorized', now, 'Transaction.Begin');
    }
    if (step < last) {
      if (v16) {
        return {
          action: 'MeterValues',
          payload: {
            connectorId: 1,
            transactionId: this.txId,
            meterValue: [
              {
                timestamp: now,
                sampledValue: [
                  { value: String(this.meterWh), measurand: 'Energy.Active.Import.Register', unit: 'Wh', context: 'Sample.Periodic' },
                  { value: '7000', measurand: 'Power.Active.Import', unit: 'W', context: 'Sample.Periodic' },
                ],
              },
            ],
          },
        };
      }
      return this.event('Updated', 'MeterValuePeriodic', now, 'Sample.Periodic');
    }
    if (v16) return { action: 'StopTransaction', payload: { transactionId: this.txId, meterStop: this.meterWh, timestamp: now, reason: 'Local' } };
    return this.event('Ended', 'StopAuthorized', now, 'Transaction.End');
  }

  onResult(action: string, frame: OcppFrame): void {
    if (action !== 'StartTransaction') return;
    const result = frame[0] === 3 ? (frame[2] as { transactionId?: number }) : undefined;
    // The echo server answers {}: keep the cycle going with a dummy id.
    this.txId = typeof result?.transactionId === 'number' ? result.transactionId : 0;
  }

  private event(eventType: string, triggerReason: string, timestamp: string, context: string): { action: string; payload: unknown } {
    const payload: Record<string, unknown> = {
      eventType,
      timestamp,
      triggerReason,
      seqNo: this.seqNo++,
      transactionInfo: { transactionId: this.txId, chargingState: eventType === 'Ended' ? 'Idle' : 'Charging' },
      evse: { id: 1, connectorId: 1 },
      meterValue: [
        {
          timestamp,
          sampledValue: [{ value: this.meterWh, measurand: 'Energy.Active.Import.Register', unitOfMeasure: { unit: 'Wh' }, context }],
        },
      ],
    };
    if (eventType !== 'Updated') payload['idToken'] = { idToken: BENCH_TOKEN, type: 'ISO14443' };
    return { action: 'TransactionEvent', payload };
  }
}
