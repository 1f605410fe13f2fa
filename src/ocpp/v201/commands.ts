import type { Command, CommandOutcome } from '../../domain/commands/index.js';
import type { OutboundCall } from '../commands/outbound-call.js';

const idToken = (uid: string | undefined) => ({ idToken: uid, type: 'Central' });

export function v201Call(c: Command): OutboundCall {
  const p = c.params;
  switch (c.kind) {
    case 'start':
      return { action: 'RequestStartTransaction', payload: { idToken: idToken(p.idToken), remoteStartId: c.remoteStartId, ...(p.evseId !== undefined ? { evseId: p.evseId } : {}) } };
    case 'stop':
      return { action: 'RequestStopTransaction', payload: { transactionId: p.transactionId } };
    case 'reserve':
      return {
        action: 'ReserveNow',
        payload: { id: p.reservationId, expiryDateTime: p.reservationExpiresAt, idToken: idToken(p.idToken), ...(p.evseId !== undefined ? { evseId: p.evseId } : {}) },
      };
    case 'cancel-reservation':
      return { action: 'CancelReservation', payload: { reservationId: p.reservationId } };
    case 'unlock':
      return { action: 'UnlockConnector', payload: { evseId: p.evseId, connectorId: p.connectorId ?? 1 } };
    case 'reset':
      return { action: 'Reset', payload: { type: p.resetType === 'Hard' ? 'Immediate' : 'OnIdle', ...(p.evseId !== undefined ? { evseId: p.evseId } : {}) } };
    case 'change-availability':
      return {
        action: 'ChangeAvailability',
        payload: {
          operationalStatus: p.operative ? 'Operative' : 'Inoperative',
          ...(p.evseId !== undefined ? { evse: { id: p.evseId, ...(p.connectorId !== undefined ? { connectorId: p.connectorId } : {}) } } : {}),
        },
      };
  }
}

/** 2.0.1 answers Accepted/Scheduled/Unlocked for success; everything else is a rejection. */
export const v201Outcome = (response: { status?: unknown }): CommandOutcome => ({
  status: response.status === 'Accepted' || response.status === 'Scheduled' || response.status === 'Unlocked' ? 'accepted' : 'rejected',
  response,
});
