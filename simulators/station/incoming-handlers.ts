/**
 * Answers to calls the central system makes to the station (both versions), so a simulated
 * station behaves like a cooperative real one. Tests can override any with `station.rpc.handle()`.
 */
import { createRPCError } from 'ocpp-rpc';
import type { SimulatedStation } from './station.js';
import { chargingProfileHandlers } from './charging-profile-handlers.js';
import { fleetHandlers, fleetTrigger } from './fleet-handlers.js';
import type { SimComponent } from './device-model.js';
import { managementHandlers } from './management-handlers.js';

type Params = Record<string, unknown>;
type Handler = (params: Params) => unknown;

function later(fn: () => Promise<unknown>): void {
  setTimeout(() => void fn().catch(() => undefined), 50);
}

/** The 1.6 AuthorizationKey: 16–20 bytes written as hex digits (security whitepaper). */
const AUTHORIZATION_KEY = /^(?:[0-9a-fA-F]{2}){16,20}$/;
/** A 2.0.1 BasicAuthPassword: a passwordString of 16–40 characters. */
const BASIC_AUTH_PASSWORD = /^[A-Za-z0-9*\-_=:+|@.]{16,40}$/;

function securityHandlers(station: SimulatedStation): Record<string, Handler> {
  return {
    CertificateSigned: async (p) => ({ status: await station.certificateSigned(String(p['certificateChain'] ?? '')) }),
    InstallCertificate: (p) => ({ status: station.security.install(String(p['certificateType']), String(p['certificate'])) }),
    GetInstalledCertificateIds: (p) => {
      const raw = p['certificateType'];
      const ids = station.security.installedIds(raw === undefined ? undefined : Array.isArray(raw) ? (raw as string[]) : [String(raw)]);
      if (ids.length === 0) return { status: 'NotFound' };
      // 1.6 lists the hashes; 2.0.1 names each one's kind (certificateHashDataChain).
      return station.spec.ocppVersion === '1.6'
        ? { status: 'Accepted', certificateHashData: ids.map((i) => i.certificateHashData) }
        : { status: 'Accepted', certificateHashDataChain: ids };
    },
    DeleteCertificate: (p) => ({ status: station.security.remove(p['certificateHashData'] as { issuerNameHash: string; issuerKeyHash: string; serialNumber: string }) ? 'Accepted' : 'NotFound' }),
  };
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
      // 2.0.1 A02/A03: renew the certificate (a new key pair and CSR).
      else if (requested === 'SignChargingStationCertificate') later(() => station.requestCertificate());
      else if (fleetTrigger(station, requested, typeof p['connectorId'] === 'number' ? p['connectorId'] : (p['evse'] as { id?: number } | undefined)?.id)) return { status: 'Accepted' };
      else return { status: 'NotImplemented' };
      return { status: 'Accepted' };
    },
  };
}

function v16Handlers(station: SimulatedStation): Record<string, Handler> {
  return {
    ChangeConfiguration: (p) => {
      if (p['key'] !== 'AuthorizationKey') return { status: station.deviceModel.change(String(p['key']), String(p['value'] ?? '')) };
      const hex = String(p['value'] ?? '');
      if (!AUTHORIZATION_KEY.test(hex)) return { status: 'Rejected' };
      // The bytes the hex digits encode are the new password, from the next connection on.
      station.setKey(Buffer.from(hex, 'hex'));
      return { status: 'Accepted' };
    },
    ExtendedTriggerMessage: (p) => {
      if (p['requestedMessage'] !== 'SignChargePointCertificate') return { status: 'NotImplemented' };
      later(() => station.requestCertificate());
      return { status: 'Accepted' };
    },
    GetConfiguration: (p) => {
      const asked = p['key'] as string[] | undefined;
      const keys = asked?.length ? asked.map((k) => ({ k, v: station.deviceModel.key(k) })) : station.deviceModel.all.map((v) => ({ k: v.variable.name, v }));
      return {
        configurationKey: keys.flatMap(({ v }) => (v ? [{ key: v.variable.name, readonly: v.mutability === 'ReadOnly', value: v.values['Actual'] }] : [])),
        unknownKey: keys.filter(({ v }) => !v).map(({ k }) => k),
      };
    },
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
      setVariableResult: ((p['setVariableData'] as (VarItem & { attributeValue?: string; attributeType?: string })[] | undefined) ?? []).map((v) => {
        const component = v.component as SimComponent;
        const variable = v.variable as { name: string; instance?: string };
        let attributeStatus: string;
        if (component.name === 'SecurityCtrlr' && variable.name === 'BasicAuthPassword') {
          const password = String(v.attributeValue ?? '');
          attributeStatus = BASIC_AUTH_PASSWORD.test(password) ? 'Accepted' : 'Rejected';
          if (attributeStatus === 'Accepted') station.setKey(password);
        } else {
          attributeStatus = station.deviceModel.set(component, variable, String(v.attributeValue ?? ''), v.attributeType);
        }
        return { attributeStatus, component: v.component, variable: v.variable, ...(v.attributeType ? { attributeType: v.attributeType } : {}) };
      }),
    }),
    GetVariables: (p) => ({
      getVariableResult: ((p['getVariableData'] as (VarItem & { attributeType?: string })[] | undefined) ?? []).map((v) => {
        const r = station.deviceModel.get(v.component as SimComponent, v.variable as { name: string }, v.attributeType);
        return {
          attributeStatus: r.status,
          component: v.component,
          variable: v.variable,
          ...(v.attributeType ? { attributeType: v.attributeType } : {}),
          ...(r.value !== undefined ? { attributeValue: r.value } : {}),
        };
      }),
    }),
    GetBaseReport: (p) => {
      const variables = station.deviceModel.report(String(p['reportBase']));
      later(() => station.sendReport(Number(p['requestId']), variables));
      return { status: variables.length > 0 ? 'Accepted' : 'EmptyResultSet' };
    },
    GetReport: (p) => {
      const wanted = (p['componentVariable'] as { component: SimComponent; variable?: { name: string; instance?: string } }[] | undefined) ?? [];
      const variables = station.deviceModel.all.filter(
        (v) =>
          wanted.length === 0 ||
          wanted.some((w) => w.component.name === v.component.name && (w.component.instance ?? '') === (v.component.instance ?? '') &&
            (w.component.evse === undefined || w.component.evse.id === v.component.evse?.id) && (!w.variable || (w.variable.name === v.variable.name && (w.variable.instance ?? '') === (v.variable.instance ?? '')))),
      );
      if (variables.length === 0) return { status: 'EmptyResultSet' };
      later(() => station.sendReport(Number(p['requestId']), variables));
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
    ...securityHandlers(station),
    ...(station.spec.ocppVersion === '1.6' ? v16Handlers(station) : v201Handlers(station)),
    ...chargingProfileHandlers(station),
    ...fleetHandlers(station),
    ...managementHandlers(station),
  };
  station.rpc.handle(async ({ method, params }) => {
    const call = method ? station.recordReceived(method, params) : undefined;
    const handler = method ? handlers[method] : undefined;
    if (!handler) throw createRPCError('NotImplemented');
    const answer = (await handler((params ?? {}) as Params)) as Record<string, unknown>;
    if (call) call.answer = answer;
    return answer;
  });
}
