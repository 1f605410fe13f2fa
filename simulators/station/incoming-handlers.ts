/**
 * Answers to calls the central system makes to the station (both versions), so a simulated
 * station behaves like a cooperative real one. Tests can override any with `station.rpc.handle()`.
 */
import { createRPCError } from 'ocpp-rpc';
import type { SimulatedStation } from './station.js';
import { chargingProfileHandlers } from './charging-profile-handlers.js';

type Params = Record<string, unknown>;
type Handler = (params: Params) => unknown;

function later(fn: () => Promise<unknown>): void {
  setTimeout(() => void fn().catch(() => undefined), 50);
}

function commonHandlers(station: SimulatedStation): Record<string, Handler> {
  return {
    Reset: () => ({ status: 'Accepted' }),
    ChangeAvailability: () => ({ status: 'Accepted' }),
    ClearCache: () => ({ status: 'Accepted' }),
    UnlockConnector: () => ({ status: 'Unlocked' }),
    DataTransfer: () => ({ status: 'UnknownVendorId' }),
    TriggerMessage: (p) => {
      const requested = String(p['requestedMessage'] ?? '');
      if (requested === 'Heartbeat') later(() => station.heartbeat());
      else if (requested === 'StatusNotification') later(() => station.reportAllStatuses());
      else if (requested === 'BootNotification') later(() => station.boot());
      else return { status: 'NotImplemented' };
      return { status: 'Accepted' };
    },
  };
}

function v16Handlers(station: SimulatedStation): Record<string, Handler> {
  return {
    ChangeConfiguration: () => ({ status: 'Accepted' }),
    GetConfiguration: (p) => ({ configurationKey: [], unknownKey: (p['key'] as string[] | undefined) ?? [] }),
    RemoteStartTransaction: (p) => {
      const evseId = typeof p['connectorId'] === 'number' ? p['connectorId'] : station.freeEvses()[0];
      if (evseId === undefined || station.reservations.blocks(evseId, String(p['idTag']))) return { status: 'Rejected' };
      later(() => station.startSession({ evseId, idTag: String(p['idTag']) }));
      return { status: 'Accepted' };
    },
    ReserveNow: (p) => ({
      status: station.reservations.reserve(Number(p['reservationId']), Number(p['connectorId']), String(p['idTag']), new Date(String(p['expiryDate']))),
    }),
    CancelReservation: (p) => ({ status: station.reservations.cancel(Number(p['reservationId'])) }),
    RemoteStopTransaction: (p) => {
      const session = station.activeSessions.find((s) => s.transactionId === p['transactionId']);
      if (!session) return { status: 'Rejected' };
      later(() => station.stopSession(session, 'Remote'));
      return { status: 'Accepted' };
    },
  };
}

function v201Handlers(station: SimulatedStation): Record<string, Handler> {
  type VarItem = { component: unknown; variable: unknown };
  return {
    SetVariables: (p) => ({
      setVariableResult: ((p['setVariableData'] as VarItem[] | undefined) ?? []).map((v) => ({
        attributeStatus: 'Accepted',
        component: v.component,
        variable: v.variable,
      })),
    }),
    GetVariables: (p) => ({
      getVariableResult: ((p['getVariableData'] as VarItem[] | undefined) ?? []).map((v) => ({
        attributeStatus: 'UnknownVariable',
        component: v.component,
        variable: v.variable,
      })),
    }),
    GetBaseReport: () => {
      later(() => station.notifyConnectors());
      return { status: 'Accepted' };
    },
    RequestStartTransaction: (p) => {
      const evseId = typeof p['evseId'] === 'number' ? p['evseId'] : station.freeEvses()[0];
      const token = p['idToken'] as { idToken?: string } | undefined;
      if (evseId === undefined || !token?.idToken || station.reservations.blocks(evseId, token.idToken)) return { status: 'Rejected' };
      const idTag = token.idToken;
      const remoteStartId = typeof p['remoteStartId'] === 'number' ? p['remoteStartId'] : undefined;
      later(() => station.startSession({ evseId, idTag, ...(remoteStartId !== undefined ? { remoteStartId } : {}) }));
      return { status: 'Accepted' };
    },
    ReserveNow: (p) => {
      const token = p['idToken'] as { idToken?: string } | undefined;
      const evseId = typeof p['evseId'] === 'number' ? p['evseId'] : undefined;
      return { status: station.reservations.reserve(Number(p['id']), evseId, String(token?.idToken ?? ''), new Date(String(p['expiryDateTime']))) };
    },
    CancelReservation: (p) => ({ status: station.reservations.cancel(Number(p['reservationId'])) }),
    RequestStopTransaction: (p) => {
      const session = station.activeSessions.find((s) => s.transactionId === p['transactionId']);
      if (!session) return { status: 'Rejected' };
      later(() => station.stopSession(session, 'Remote'));
      return { status: 'Accepted' };
    },
  };
}

export function installIncomingHandlers(station: SimulatedStation): void {
  const handlers: Record<string, Handler> = {
    ...commonHandlers(station),
    ...(station.spec.ocppVersion === '1.6' ? v16Handlers(station) : v201Handlers(station)),
    ...chargingProfileHandlers(station),
  };
  station.rpc.handle(async ({ method, params }) => {
    const handler = method ? handlers[method] : undefined;
    if (!handler) throw createRPCError('NotImplemented');
    return handler((params ?? {}) as Params) as Record<string, unknown>;
  });
}
