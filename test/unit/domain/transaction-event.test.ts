import { describe, expect, it } from 'vitest';
import { applyTransactionEvent, normaliseSample, type TransactionEventInput } from '../../../src/domain/sessions/index.js';

const ev = (over: Partial<TransactionEventInput> & Pick<TransactionEventInput, 'eventType' | 'seqNo'>): TransactionEventInput => ({
  stationId: 'S1',
  operatorId: 'OP',
  transactionId: 'tx-1',
  timestamp: new Date('2026-01-01T10:00:00Z'),
  triggerReason: 'Authorized',
  offline: false,
  samples: [],
  ...over,
});
const wh = (v: number, context: string, t = '2026-01-01T10:00:00Z') => [normaliseSample({ value: v, context }, new Date(t))!];
let n = 0;
const id = () => `id-${++n}`;

describe('applyTransactionEvent', () => {
  it('folds Started → Updated → Ended into a completed session', () => {
    let s = applyTransactionEvent(null, ev({ eventType: 'Started', seqNo: 0, evseNo: 1, connectorNo: 1, idToken: 'TOK', samples: wh(1000, 'Transaction.Begin') }), id);
    expect(s).toMatchObject({ status: 'ACTIVE', meterStartWh: 1000, evseNo: 1, idToken: 'TOK', ocppVersion: '2.0.1' });
    s = applyTransactionEvent(s, ev({ eventType: 'Updated', seqNo: 1, timestamp: new Date('2026-01-01T10:10:00Z'), samples: wh(2000, 'Sample.Periodic') }), id);
    expect(s.meterStartWh).toBe(1000);
    expect(s.status).toBe('ACTIVE');
    s = applyTransactionEvent(s, ev({ eventType: 'Ended', seqNo: 2, timestamp: new Date('2026-01-01T11:00:00Z'), stoppedReason: 'EVDisconnected', samples: wh(8500, 'Transaction.End') }), id);
    expect(s).toMatchObject({ status: 'COMPLETED', meterStopWh: 8500, energyWh: 7500, stopReason: 'EVDisconnected', lastSeqNo: 2 });
    expect(s.stoppedAt?.toISOString()).toBe('2026-01-01T11:00:00.000Z');
  });

  it('handles offline replay out of order: Ended before Started', () => {
    let s = applyTransactionEvent(null, ev({ eventType: 'Ended', seqNo: 2, offline: true, timestamp: new Date('2026-01-01T11:00:00Z'), samples: wh(5000, 'Transaction.End') }), id);
    expect(s.status).toBe('COMPLETED');
    expect(s.meterStartWh).toBeNull();
    s = applyTransactionEvent(s, ev({ eventType: 'Started', seqNo: 0, offline: true, samples: wh(1000, 'Transaction.Begin') }), id);
    expect(s).toMatchObject({ status: 'COMPLETED', meterStartWh: 1000, meterStopWh: 5000, energyWh: 4000, offline: true });
    expect(s.startedAt.toISOString()).toBe('2026-01-01T10:00:00.000Z');
  });

  it('never lets a later event reopen a completed session', () => {
    let s = applyTransactionEvent(null, ev({ eventType: 'Started', seqNo: 0, samples: wh(0, 'Transaction.Begin') }), id);
    s = applyTransactionEvent(s, ev({ eventType: 'Ended', seqNo: 1, samples: wh(100, 'Transaction.End') }), id);
    s = applyTransactionEvent(s, ev({ eventType: 'Updated', seqNo: 2 }), id);
    expect(s.status).toBe('COMPLETED');
    expect(s.energyWh).toBe(100);
  });

  it('keeps the first id token', () => {
    let s = applyTransactionEvent(null, ev({ eventType: 'Started', seqNo: 0, idToken: 'A' }), id);
    s = applyTransactionEvent(s, ev({ eventType: 'Updated', seqNo: 1, idToken: 'B' }), id);
    expect(s.idToken).toBe('A');
  });
});
