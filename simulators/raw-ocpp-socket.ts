/**
 * A bare OCPP-J socket on `ws`: no schema validation, no queueing, minimal overhead.
 * Used for bad-frame scenarios (sending anything) and by the load generator of the benchmark.
 */
import WebSocket from 'ws';

export type OcppFrame = [3, string, unknown] | [4, string, string, string, unknown];

export interface RawSocketOptions {
  /** Endpoint without identity, e.g. ws://127.0.0.1:9220/ocpp */
  endpoint: string;
  identity: string;
  password?: string;
  protocol: string;
  timeoutMs?: number;
  /** Answer calls from the server with this (default: an empty CALLRESULT). */
  answerServerCalls?: boolean;
}

export interface CloseInfo {
  code: number;
  reason: string;
}

export function basicAuthHeader(identity: string, password: string): string {
  return `Basic ${Buffer.from(`${identity}:${password}`).toString('base64')}`;
}

export class RawOcppSocket {
  private pending = new Map<string, (frame: OcppFrame) => void>();
  private unmatched: Array<(data: string) => void> = [];
  private seq = 0;
  closed: CloseInfo | undefined;
  private closeWaiters: Array<(c: CloseInfo) => void> = [];

  private constructor(
    readonly ws: WebSocket,
    private readonly options: RawSocketOptions,
  ) {
    ws.on('message', (data) => this.onMessage(data.toString()));
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      for (const w of this.closeWaiters) w(this.closed);
      this.closeWaiters = [];
    });
    ws.on('error', () => undefined);
  }

  /** Open the socket; rejects with the HTTP status on a refused upgrade. */
  static open(options: RawSocketOptions): Promise<RawOcppSocket> {
    const headers: Record<string, string> = {};
    if (options.password !== undefined) headers['authorization'] = basicAuthHeader(options.identity, options.password);
    const url = `${options.endpoint}/${encodeURIComponent(options.identity)}`;
    const ws = new WebSocket(url, [options.protocol], {
      headers,
      handshakeTimeout: options.timeoutMs ?? 10_000,
      perMessageDeflate: false,
    });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new RawOcppSocket(ws, options)));
      ws.once('unexpected-response', (_req, res) => {
        reject(Object.assign(new Error(`upgrade refused: HTTP ${res.statusCode}`), { status: res.statusCode }));
        ws.terminate();
      });
      ws.once('error', reject);
    });
  }

  get protocol(): string {
    return this.ws.protocol;
  }

  private onMessage(text: string): void {
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      frame = undefined;
    }
    if (Array.isArray(frame) && frame[0] === 2 && this.options.answerServerCalls !== false) {
      this.ws.send(JSON.stringify([3, frame[1], {}]));
      return;
    }
    if (Array.isArray(frame) && (frame[0] === 3 || frame[0] === 4)) {
      const resolve = this.pending.get(String(frame[1]));
      if (resolve) {
        this.pending.delete(String(frame[1]));
        resolve(frame as OcppFrame);
        return;
      }
    }
    const waiter = this.unmatched.shift();
    waiter?.(text);
  }

  nextId(): string {
    return `r${++this.seq}`;
  }

  /** Send a CALL and wait for the CALLRESULT / CALLERROR with the same id. */
  call(action: string, payload: unknown, id = this.nextId(), timeoutMs = this.options.timeoutMs ?? 10_000): Promise<OcppFrame> {
    return this.expect(id, JSON.stringify([2, id, action, payload]), timeoutMs);
  }

  /** Send `data` and wait for the response carrying message id `id`. */
  expect(id: string, data: string | Buffer, timeoutMs = this.options.timeoutMs ?? 10_000): Promise<OcppFrame> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`no response to ${id} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, (frame) => {
        clearTimeout(timer);
        resolve(frame);
      });
      this.ws.send(data);
    });
  }

  /** Send anything, no waiting. */
  send(data: string | Buffer): void {
    this.ws.send(data);
  }

  /** The next message that is not a response to a known call (or null on timeout/close). */
  nextUnmatched(timeoutMs: number): Promise<string | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.unmatched = this.unmatched.filter((w) => w !== waiter);
        resolve(null);
      }, timeoutMs);
      const waiter = (data: string): void => {
        clearTimeout(timer);
        resolve(data);
      };
      this.unmatched.push(waiter);
    });
  }

  waitClose(timeoutMs: number): Promise<CloseInfo | null> {
    if (this.closed) return Promise.resolve(this.closed);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(null), timeoutMs);
      this.closeWaiters.push((c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
  }

  close(): void {
    if (!this.closed) this.ws.terminate();
  }
}
