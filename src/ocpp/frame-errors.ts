import type { OcppProtocol } from './context.js';

interface BadMessageEvent {
  buffer: Buffer | string;
  response: unknown[] | null;
}

interface RawSender {
  sendRaw(message: string): void;
  on(event: 'badMessage', listener: (e: BadMessageEvent) => void): unknown;
}

interface AjvError {
  keyword?: string;
  instancePath?: string;
}

/**
 * OCPP-J rules for CALLERRORs, applied to what ocpp-rpc sends (see docs/decisions/0005):
 * - a frame whose message id cannot be read gets no answer (ocpp-rpc would answer with id "-1");
 * - a broken frame with a readable id: 1.6 ProtocolError (1.6 has no RpcFrameworkError or
 *   MessageTypeNotSupported), 2.0.1 RpcFrameworkError / MessageTypeNotSupported, with that id;
 * - 2.0.1 spells OccurrenceConstraintViolation with two r's (ocpp-rpc uses the 1.6 draft spelling);
 * - a value outside an enumeration is a PropertyConstraintViolation;
 * - details name the offending field, and never echo the station's payload back.
 * ocpp-rpc emits 'badMessage' synchronously right before it sends its CALLERROR, so a frame-level
 * rule applies to exactly that frame.
 */
export function applyFrameErrorRules(client: RawSender, protocol: OcppProtocol): void {
  let pendingFrameId: string | null | undefined;
  client.on('badMessage', ({ buffer, response }) => {
    if (response) pendingFrameId = readMessageId(buffer) ?? null;
  });
  const send = client.sendRaw.bind(client);
  client.sendRaw = (message: string) => {
    const frameId = pendingFrameId;
    pendingFrameId = undefined;
    if (!message.startsWith('[4')) return send(message);
    if (frameId === null) return; // no id to answer to
    const frame = JSON.parse(message) as [number, string, string, string, Record<string, unknown> | undefined];
    if (frameId !== undefined) frame[1] = frameId;
    frame[2] = errorCode(frame[2], frame[4], protocol, frameId !== undefined);
    frame[4] = errorDetails(frame[4]);
    send(JSON.stringify(frame));
  };
}

function errorCode(code: string, details: Record<string, unknown> | undefined, protocol: OcppProtocol, frameLevel: boolean): string {
  const first = (details?.errors as AjvError[] | undefined)?.[0];
  if (first?.keyword === 'enum' || first?.keyword === 'const') return 'PropertyConstraintViolation';
  if (protocol === 'ocpp1.6') {
    if (frameLevel && (code === 'RpcFrameworkError' || code === 'MessageTypeNotSupported')) return 'ProtocolError';
    return code;
  }
  return code === 'OccurenceConstraintViolation' ? 'OccurrenceConstraintViolation' : code;
}

function errorDetails(details: Record<string, unknown> | undefined): Record<string, unknown> {
  const first = (details?.errors as AjvError[] | undefined)?.[0];
  if (!first) return {};
  return { field: first.instancePath?.slice(1).replaceAll('/', '.') ?? '', rule: first.keyword ?? 'schema' };
}

function readMessageId(buffer: Buffer | string): string | undefined {
  try {
    const frame: unknown = JSON.parse(buffer.toString());
    if (Array.isArray(frame) && typeof frame[1] === 'string') return frame[1];
  } catch {
    // not JSON
  }
  return undefined;
}
