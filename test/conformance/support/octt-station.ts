import { createRPCError, type RPCClient } from 'ocpp-rpc';
import { ocppClient } from '../../helpers/ocpp-client.js';

export type Version = '1.6' | '2.0.1';
type Payload = Record<string, any>;
/** How the station answers a CSMS call: a payload, a function of the request, or a CALLERROR code. */
export type Answer = Payload | ((request: Payload) => Payload | Promise<Payload>) | { readonly callError: string };

export interface ReceivedCall {
  readonly action: string;
  readonly payload: Payload;
  consumed: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The station side of an OCTT CSMS test case: every message it sends is written in the case, in
 * order; every call the CSMS makes is recorded and answered as the case says (strict mode: the
 * CSMS's calls and answers are validated against the OCPP JSON schemas). A call the case did not
 * prepare for gets NotSupported, except the TriggerMessage a CSMS may send after the boot.
 */
export class OcttStation {
  readonly calls: ReceivedCall[] = [];
  readonly #answers = new Map<string, Answer>();
  #client: RPCClient | undefined;

  constructor(
    readonly endpoint: string,
    readonly id: string,
    readonly version: Version,
    readonly password: string | undefined,
    readonly clientOptions: Record<string, unknown> = {},
  ) {
    this.#answers.set('TriggerMessage', { status: 'Accepted' });
  }

  get client(): RPCClient {
    if (!this.#client) throw new Error(`${this.id} is not connected`);
    return this.#client;
  }

  async connect(): Promise<void> {
    const client = ocppClient({
      endpoint: this.endpoint,
      identity: this.id,
      protocols: [this.version === '1.6' ? 'ocpp1.6' : 'ocpp2.0.1'],
      ...(this.password !== undefined ? { password: this.password } : {}),
      ...this.clientOptions,
    });
    client.handle(async ({ method, params }: { method?: string | undefined; params?: unknown }) => {
      if (method === undefined) throw createRPCError('NotImplemented');
      const call: ReceivedCall = { action: method, payload: params as Payload, consumed: false };
      this.calls.push(call);
      const answer = this.#answers.get(method);
      if (answer === undefined) throw createRPCError('NotSupported', `${method} not prepared by the test case`);
      if ('callError' in answer && typeof answer.callError === 'string') throw createRPCError(answer.callError, 'as the case says');
      return typeof answer === 'function' ? answer(params as Payload) : answer;
    });
    await client.connect();
    this.#client = client;
  }

  /** From now on, answer `action` this way. */
  answer(action: string, answer: Answer): this {
    this.#answers.set(action, answer);
    return this;
  }

  async send(action: string, payload: Payload = {}): Promise<any> {
    return this.client.call(action, payload);
  }

  /** The first call of `action` the test has not looked at yet (waits up to ms). */
  async received(action: string, ms = 8_000): Promise<Payload> {
    const deadline = Date.now() + ms;
    for (;;) {
      const call = this.calls.find((c) => c.action === action && !c.consumed);
      if (call) {
        call.consumed = true;
        return call.payload;
      }
      if (Date.now() > deadline) throw new Error(`${this.id}: the CSMS sent no ${action} within ${ms} ms (got ${this.calls.map((c) => c.action).join(', ') || 'nothing'})`);
      await sleep(25);
    }
  }

  /** Nothing of `action` (not yet looked at) arrives within ms. */
  async none(action: string, ms = 1_000): Promise<boolean> {
    await sleep(ms);
    return !this.calls.some((c) => c.action === action && !c.consumed);
  }

  async close(): Promise<void> {
    await this.#client?.close({ force: true }).catch(() => undefined);
    this.#client = undefined;
  }

  // ---- the messages OCTT's station sends most, per version ----

  async boot(reason = 'PowerUp'): Promise<any> {
    return this.version === '1.6'
      ? this.send('BootNotification', { chargePointVendor: 'OCTT', chargePointModel: 'Conformance', chargePointSerialNumber: `SN-${this.id}`.slice(0, 25), firmwareVersion: '1.0.0' })
      : this.send('BootNotification', { reason, chargingStation: { vendorName: 'OCTT', model: 'Conformance', serialNumber: `SN-${this.id}`.slice(0, 25), firmwareVersion: '1.0.0' } });
  }

  /** 1.6: connector n's ChargePointStatus; 2.0.1: EVSE n connector 1's ConnectorStatus. */
  async status(connector: number, status: string, errorCode = 'NoError'): Promise<any> {
    const timestamp = new Date().toISOString();
    return this.version === '1.6'
      ? this.send('StatusNotification', { connectorId: connector, errorCode, status, timestamp })
      : this.send('StatusNotification', { timestamp, connectorStatus: status, evseId: connector, connectorId: 1 });
  }
}
