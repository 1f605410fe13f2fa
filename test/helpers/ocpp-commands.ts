import { createRequire } from 'node:module';
import { createValidator } from 'ocpp-rpc';
import type { Command, CommandParams } from '../../src/domain/commands/index.js';

const require = createRequire(import.meta.url);

/** ocpp-rpc's own schema validators: what a strict station would check our calls against. */
export const ocppValidators = {
  v16: createValidator('ocpp1.6', require('ocpp-rpc/lib/schemas/ocpp1_6.json') as object),
  v201: createValidator('ocpp2.0.1', require('ocpp-rpc/lib/schemas/ocpp2_0_1.json') as object),
};

/** A command as the queue holds it before it is sent. */
export const pendingCommand = (kind: Command['kind'], params: CommandParams, requestedBy = 'platform'): Command => ({
  id: 'C1',
  stationId: 'ST',
  kind,
  params,
  status: 'pending',
  remoteStartId: 7,
  requestedBy,
  response: null,
  error: null,
  sessionId: null,
  createdAt: new Date(),
  expiresAt: new Date(),
  sentAt: null,
  completedAt: null,
});
