import { RPCClient } from 'ocpp-rpc';

type Options = ConstructorParameters<typeof RPCClient>[0];

/** ocpp-rpc's typings mark every option required although the library defaults them. */
export function ocppClient(options: Partial<Options> & Pick<Options, 'endpoint' | 'identity' | 'protocols'>): RPCClient {
  return new RPCClient({ strictMode: true, reconnect: false, ...options } as Options);
}
