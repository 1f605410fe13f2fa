/**
 * Bad frames: a raw socket (right subprotocol, Basic auth) sends malformed or invalid messages
 * and records exactly what came back, so tests can assert the CALLERROR codes.
 * Each case gets its own fresh connection (a bad frame may legitimately close it).
 */
import { RawOcppSocket } from '../raw-ocpp-socket.js';
import type { CloseInfo } from '../raw-ocpp-socket.js';
import type { OcppVersion } from '../station/types.js';

export type BadFrameCaseName =
  | 'not-json'
  | 'not-array'
  | 'unknown-message-type'
  | 'unknown-action'
  | 'type-violation'
  | 'missing-required'
  | 'format-violation'
  | 'enum-violation'
  | 'oversize';

export interface BadFrameOutcome {
  name: BadFrameCaseName;
  /** The frame sent (truncated to 200 characters). */
  sent: string;
  /** The message id used, when the frame had one. */
  messageId?: string;
  /** Parsed reply (the CALLRESULT/CALLERROR array) or raw text if it was not JSON. */
  reply?: unknown;
  /** CALLERROR code, when the reply was a CALLERROR. */
  errorCode?: string;
  /** Set when the server closed the socket instead of (or after) answering. */
  closed?: CloseInfo;
  /** Nothing came back within the timeout. */
  timedOut: boolean;
}

export interface BadFramesOptions {
  /** Endpoint without identity, e.g. ws://127.0.0.1:9220/ocpp */
  ocppUrl: string;
  identity: string;
  password: string;
  ocppVersion: OcppVersion;
  timeoutMs?: number;
  /** Size of the oversize frame in bytes (default 2 MiB). */
  oversizeBytes?: number;
  /** Send a valid BootNotification first on each connection (default true). */
  bootFirst?: boolean;
  cases?: BadFrameCaseName[];
}

const ALL_CASES: BadFrameCaseName[] = [
  'not-json',
  'not-array',
  'unknown-message-type',
  'unknown-action',
  'type-violation',
  'missing-required',
  'format-violation',
  'enum-violation',
  'oversize',
];

/** The frame for each case; messageId is undefined where the frame carries none. */
export function badFrame(name: BadFrameCaseName, version: OcppVersion, oversizeBytes: number): { frame: string; messageId?: string } {
  const v16 = version === '1.6';
  const id = `bad-${name}`;
  const call = (action: string, payload: unknown): { frame: string; messageId: string } => ({
    frame: JSON.stringify([2, id, action, payload]),
    messageId: id,
  });
  const now = new Date().toISOString();
  switch (name) {
    case 'not-json':
      return { frame: '[2, "bad-not-json", "Heartbeat", {' };
    case 'not-array':
      return { frame: JSON.stringify({ messageTypeId: 2, uniqueId: id, action: 'Heartbeat', payload: {} }) };
    case 'unknown-message-type':
      // A readable message id but a message type that does not exist.
      return { frame: JSON.stringify([7, id, 'Heartbeat', {}]), messageId: id };
    case 'unknown-action':
      return call('FlyToTheMoon', {});
    case 'type-violation':
      return v16
        ? call('StatusNotification', { connectorId: 'one', errorCode: 'NoError', status: 'Available' })
        : call('StatusNotification', { timestamp: now, connectorStatus: 'Available', evseId: 'one', connectorId: 1 });
    case 'missing-required':
      return v16
        ? call('BootNotification', { chargePointVendor: 'XiangDian' })
        : call('BootNotification', { reason: 'PowerUp' });
    case 'format-violation':
      return v16
        ? call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available', timestamp: 'yesterday at noon' })
        : call('StatusNotification', { timestamp: 'yesterday at noon', connectorStatus: 'Available', evseId: 1, connectorId: 1 });
    case 'enum-violation':
      return v16
        ? call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Exploded' })
        : call('StatusNotification', { timestamp: now, connectorStatus: 'Exploded', evseId: 1, connectorId: 1 });
    case 'oversize':
      return call('DataTransfer', { vendorId: 'XiangDian', messageId: 'blob', data: 'x'.repeat(oversizeBytes) });
  }
}

function bootPayload(version: OcppVersion): { action: string; payload: unknown } {
  return version === '1.6'
    ? { action: 'BootNotification', payload: { chargePointVendor: 'XiangDian', chargePointModel: 'XD-AC7-W' } }
    : {
        action: 'BootNotification',
        payload: { reason: 'PowerUp', chargingStation: { vendorName: 'XiangDian', model: 'XD-AC7-W' } },
      };
}

async function runCase(name: BadFrameCaseName, options: BadFramesOptions): Promise<BadFrameOutcome> {
  const timeoutMs = options.timeoutMs ?? 3_000;
  const socket = await RawOcppSocket.open({
    endpoint: options.ocppUrl,
    identity: options.identity,
    password: options.password,
    protocol: options.ocppVersion === '1.6' ? 'ocpp1.6' : 'ocpp2.0.1',
    timeoutMs,
  });
  try {
    if (options.bootFirst ?? true) {
      const boot = bootPayload(options.ocppVersion);
      await socket.call(boot.action, boot.payload);
    }
    const { frame, messageId } = badFrame(name, options.ocppVersion, options.oversizeBytes ?? 2 * 1024 * 1024);
    const outcome: BadFrameOutcome = { name, sent: frame.slice(0, 200), timedOut: false };
    if (messageId !== undefined) outcome.messageId = messageId;

    let replyText: string | null = null;
    if (messageId !== undefined) {
      // A reply may also come under another id (e.g. "-1" when the server could not read ours).
      const other = socket.nextUnmatched(timeoutMs);
      const answer = socket.expect(messageId, frame, timeoutMs).then(
        (f) => JSON.stringify(f),
        () => null,
      );
      const closed = socket.waitClose(timeoutMs).then(() => null);
      replyText = await Promise.race([answer, other.then((t) => t ?? answer), closed]);
    } else {
      const next = socket.nextUnmatched(timeoutMs);
      socket.send(frame);
      replyText = await Promise.race([next, socket.waitClose(timeoutMs).then(() => null)]);
    }
    if (replyText !== null) {
      try {
        outcome.reply = JSON.parse(replyText);
      } catch {
        outcome.reply = replyText;
      }
      if (Array.isArray(outcome.reply) && outcome.reply[0] === 4) outcome.errorCode = String(outcome.reply[2]);
    }
    // Give the server a moment to close the socket if it intends to.
    const closed = await socket.waitClose(replyText === null ? 50 : 200);
    if (closed) outcome.closed = closed;
    outcome.timedOut = replyText === null && !closed;
    return outcome;
  } finally {
    socket.close();
  }
}

/** Run the bad-frame cases one by one, each on a fresh connection. */
export async function badFrames(options: BadFramesOptions): Promise<BadFrameOutcome[]> {
  const outcomes: BadFrameOutcome[] = [];
  for (const name of options.cases ?? ALL_CASES) outcomes.push(await runCase(name, options));
  return outcomes;
}
