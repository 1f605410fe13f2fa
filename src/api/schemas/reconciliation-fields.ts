import { Type } from 'typebox';
import { Nullable } from './common.js';

/** What reconciliation recorded on a session (docs/decisions/0017). */
export const ReconciliationFields = {
  seqNoGaps: Type.Array(Type.Integer(), { description: '2.0.1: seqNos missing between the lowest and highest TransactionEvent received' }),
  lastProbe: Nullable(
    Type.Object({
      probedAt: Type.String({ description: 'When the platform last asked the station about the silent session' }),
      answeredAt: Nullable(Type.String()),
      outcome: Nullable(Type.String({ description: 'accepted (1.6 trigger) | ongoing | messages-queued | unknown-to-station | rejected | failed | timed-out' })),
    }),
  ),
};

export const reconciliationView = (r: { seqNoGaps: number[]; probe: { probedAt: Date; answeredAt: Date | null; outcome: string | null } | null } | null) => ({
  seqNoGaps: r?.seqNoGaps ?? [],
  lastProbe: r?.probe ? { probedAt: r.probe.probedAt.toISOString(), answeredAt: r.probe.answeredAt?.toISOString() ?? null, outcome: r.probe.outcome } : null,
});
