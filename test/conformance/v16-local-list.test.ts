/** OCTT OCPP 1.6 CSMS cases, Local Auth List Management profile (3.14). */
import { describe } from 'vitest';
import { notYet } from './support/harness.js';

const reason = 'send-local-list / get-local-list-version are on branch fleet-ops, not merged';
describe('OCPP 1.6 Local Authorization List (OCTT 3.14)', () => {
  notYet('TC_042_1_CSMS', 'Get Local List Version (not supported)', reason);
  notYet('TC_042_2_CSMS', 'Get Local List Version (empty)', reason);
  notYet('TC_043_1_CSMS', 'Send Local Authorization List - NotSupported', reason);
  notYet('TC_043_3_CSMS', 'Send Local Authorization List - Failed', reason);
  notYet('TC_043_4_CSMS', 'Send Local Authorization List - Full', reason);
  notYet('TC_043_5_CSMS', 'Send Local Authorization List - Differential', reason);
});
