import WebSocket from 'ws';

/** A bare WebSocket to the gateway, for frames a well-behaved client library would never send. */
export class RawOcppSocket {
  readonly received: unknown[][] = [];
  readonly serverCalls: unknown[][] = [];
  /** Every frame from the server, CALLs and answers alike, in the order they arrived. */
  readonly frames: unknown[][] = [];
  closeCode: number | undefined;
  #waiters: (() => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as unknown[];
      this.frames.push(frame);
      // The server's own CALLs (e.g. TriggerMessage on connect) are answered like a station that
      // does not support them, and kept apart from the answers the tests wait for.
      if (frame[0] === 2) {
        this.serverCalls.push(frame);
        ws.send(JSON.stringify([4, frame[1], 'NotImplemented', '', {}]));
        return;
      }
      this.received.push(frame);
      this.#waiters.splice(0).forEach((w) => w());
    });
    ws.on('close', (code) => {
      this.closeCode = code;
      this.#waiters.splice(0).forEach((w) => w());
    });
  }

  static open(url: string, identity: string, password: string, protocol: string): Promise<RawOcppSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${url}/${encodeURIComponent(identity)}`, [protocol], {
        headers: { authorization: `Basic ${Buffer.from(`${identity}:${password}`).toString('base64')}` },
      });
      ws.once('open', () => resolve(new RawOcppSocket(ws)));
      ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { statusCode: res.statusCode })));
      ws.once('error', reject);
    });
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Waits for the next frame (or close), up to ms; returns it or undefined. */
  async next(ms = 2_000): Promise<unknown[] | undefined> {
    const seen = this.received.length;
    const deadline = Date.now() + ms;
    while (this.received.length === seen && this.closeCode === undefined && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.max(0, deadline - Date.now()));
        this.#waiters.push(() => (clearTimeout(t), resolve()));
      });
    }
    return this.received[seen];
  }

  async call(action: string, payload: unknown, id = `m-${Math.random().toString(36).slice(2)}`): Promise<unknown[] | undefined> {
    this.send([2, id, action, payload]);
    return this.next();
  }

  close(): void {
    this.ws.close();
  }
}
