import type { OcppProtocol } from './context.js';

interface BadMessageEvent {
  buffer: Buffer | string;
  response: unknown[] | null;
}

interface RawSender {
  sendRaw(message: string): void;
  on(event: 'badMessage', listener: (e: BadMessageEvent) => void): unknown;
}

/**
 * OCPP-J rules for frames that are not valid RPC messages, applied on top of ocpp-rpc:
 * - no message id can be read → no answer at all (ocpp-rpc would answer with id "-1");
 * - a readable id but a broken frame → ProtocolError in 1.6 (which has no RpcFrameworkError),
 *   RpcFrameworkError in 2.0.1.
 * ocpp-rpc emits 'badMessage' synchronously right before it sends its CALLERROR, so the rewrite
 * applies to exactly that frame.
 */
export function applyFrameErrorRules(client: RawSender, protocol: OcppProtocol): void {
  let pending: { drop: boolean; code?: string } | undefined;
  client.on('badMessage', ({ buffer, response }) => {
    if (!response) return;
    const id = readMessageId(buffer);
    if (id === undefined) pending = { drop: true };
    else if (response[2] === 'RpcFrameworkError' && protocol === 'ocpp1.6') pending = { drop: false, code: 'ProtocolError' };
  });
  const send = client.sendRaw.bind(client);
  client.sendRaw = (message: string) => {
    const rule = pending;
    pending = undefined;
    if (!rule) return send(message);
    if (rule.drop) return;
    const frame = JSON.parse(message) as unknown[];
    frame[2] = rule.code;
    send(JSON.stringify(frame));
  };
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
