import { describe, expect, it } from 'vitest';
import { missingSeqNos, nextStep, transactionStatusVerdict, type SilentSession } from '../../../src/domain/reconciliation/index.js';

const t = (s: string) => new Date(`2026-03-01T08:${s}Z`);
const silent = (over: Partial<SilentSession> = {}): SilentSession => ({
  sessionId: 'S', stationId: 'ST', transactionId: 'T', ocppVersion: '2.0.1', evseNo: 1, lastActivityAt: t('00:00'), heardAt: t('00:00'), lastRegisterWh: null, news: 5, probe: null, ...over,
});
const GRACE = 60_000;

describe('reconciliation of silent sessions', () => {
  it('asks first, waits for the answer, and asks again only after another silent period', () => {
    expect(nextStep(silent(), t('10:00'), GRACE)).toBe('probe');
    expect(nextStep(silent({ probe: { commandId: 'C', probedAt: t('10:00'), answeredAt: null, outcome: null, newsAtProbe: 5 } }), t('11:30'), GRACE)).toBe('wait');
    expect(nextStep(silent({ probe: { commandId: 'C', probedAt: t('10:00'), answeredAt: null, outcome: null, newsAtProbe: 5 } }), t('12:01'), GRACE)).toBe('probe');
    const answered = silent({ probe: { commandId: 'C', probedAt: t('10:00'), answeredAt: t('10:01'), outcome: 'ongoing', newsAtProbe: 5 } });
    expect(nextStep(answered, t('10:30'), GRACE)).toBe('wait');
    expect(nextStep(answered, t('11:00'), GRACE)).toBe('probe');
  });

  it('1.6: a trigger accepted and nothing heard of the transaction since closes it after the grace period', () => {
    const probe = { commandId: 'C', probedAt: t('10:00'), answeredAt: t('10:01'), outcome: 'accepted', newsAtProbe: 5 };
    expect(nextStep(silent({ ocppVersion: '1.6', probe }), t('10:30'), GRACE)).toBe('wait');
    expect(nextStep(silent({ ocppVersion: '1.6', probe }), t('11:01'), GRACE)).toBe('close');
    // Its meter values came after the trigger (whatever its clock says): it runs.
    expect(nextStep(silent({ ocppVersion: '1.6', probe, news: 6, heardAt: t('10:02') }), t('11:01'), GRACE)).toBe('wait');
    // A refused trigger says nothing: ask again later.
    expect(nextStep(silent({ ocppVersion: '1.6', probe: { ...probe, outcome: 'rejected' } }), t('11:01'), GRACE)).toBe('probe');
  });

  it('2.0.1 GetTransactionStatus: only a transaction the station does not know, with nothing queued, is unknown', () => {
    expect(transactionStatusVerdict({ ongoingIndicator: true, messagesInQueue: false })).toBe('ongoing');
    expect(transactionStatusVerdict({ ongoingIndicator: false, messagesInQueue: true })).toBe('messages-queued');
    expect(transactionStatusVerdict({ ongoingIndicator: false, messagesInQueue: false })).toBe('unknown-to-station');
    expect(transactionStatusVerdict({ messagesInQueue: false })).toBe('ongoing');
  });

  it('seqNo gaps: the numbers missing between the lowest and highest received', () => {
    expect(missingSeqNos([0, 1, 2, 5, 7])).toEqual([3, 4, 6]);
    expect(missingSeqNos([41, 40, 42])).toEqual([]);
    expect(missingSeqNos([])).toEqual([]);
    expect(missingSeqNos([0, 10_000], 3)).toEqual([1, 2, 3]);
  });
});
