/** Makes OCPP calls through an RPCClient and records each one (payload, result or error) in a bounded log. */
import { rpcErrorOf } from './rpc-client.js';
import type { RpcClient } from './rpc-client.js';
import type { CallRecord, PendingCall } from './types.js';

export class CallRecorder {
  readonly log: CallRecord[] = [];

  constructor(
    private readonly client: RpcClient,
    private readonly limit: number,
    private readonly onCall?: (record: CallRecord) => void,
  ) {}

  /** Build the payload now, call, record. Rejects with ocpp-rpc's error on CALLERROR or failure. */
  async send(call: PendingCall, flags: { duplicate?: boolean; replayed?: boolean } = {}): Promise<unknown> {
    const record: CallRecord = {
      action: call.action,
      payload: undefined,
      offline: flags.replayed ?? false,
      duplicate: flags.duplicate ?? false,
    };
    try {
      record.payload = call.build();
      record.result = await this.client.call(call.action, record.payload);
      return record.result;
    } catch (err) {
      record.error = rpcErrorOf(err);
      throw err;
    } finally {
      this.log.push(record);
      if (this.log.length > this.limit) this.log.shift();
      this.onCall?.(record);
    }
  }
}
