/** OCTT OCPP 1.6 CSMS cases, Remote Trigger profile (3.18). */
import { describe } from 'vitest';
import { notYet } from './support/harness.js';

describe('OCPP 1.6 Remote Trigger (OCTT 3.18)', () => {
  notYet('TC_054_CSMS', 'Trigger Message', 'trigger command is on branch fleet-ops, not merged');
  notYet('TC_055_CSMS', 'Trigger Message - Rejected', 'trigger command is on branch fleet-ops, not merged');
});
