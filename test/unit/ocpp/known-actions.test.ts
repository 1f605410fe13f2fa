import { describe, expect, it } from 'vitest';
import { KNOWN_ACTIONS } from '../../../src/ocpp/known-actions.js';
import { v16Handlers } from '../../../src/ocpp/v16/index.js';
import { v201Handlers } from '../../../src/ocpp/v201/index.js';

describe('known OCPP actions (from ocpp-rpc schema sets)', () => {
  it('hold both directions of each version, and every action we handle', () => {
    expect(KNOWN_ACTIONS['ocpp1.6']).toContain('RemoteStartTransaction');
    expect(KNOWN_ACTIONS['ocpp1.6']).toContain('SignCertificate');
    expect(KNOWN_ACTIONS['ocpp1.6']).not.toContain('TransactionEvent');
    expect(KNOWN_ACTIONS['ocpp2.0.1']).toContain('RequestStartTransaction');
    expect(KNOWN_ACTIONS['ocpp2.0.1']).not.toContain('StartTransaction');
    // A handler under a misspelt name would never be called.
    for (const action of Object.keys(v16Handlers)) expect(KNOWN_ACTIONS['ocpp1.6']).toContain(action);
    for (const action of Object.keys(v201Handlers)) expect(KNOWN_ACTIONS['ocpp2.0.1']).toContain(action);
    expect(KNOWN_ACTIONS['ocpp1.6'].size).toBe(39);
    expect(KNOWN_ACTIONS['ocpp2.0.1'].size).toBe(64);
  });
});
