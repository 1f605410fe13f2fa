/** OCTT OCPP 1.6 CSMS cases, Firmware Management profile (3.15 firmware, 3.16 diagnostics). */
import { describe } from 'vitest';
import { notYet } from './support/harness.js';

describe('OCPP 1.6 Firmware Management (OCTT 3.15, 3.16)', () => {
  notYet('TC_044_1_CSMS', 'Firmware Update - Download and Install', 'update-firmware command is on branch fleet-ops, not merged');
  notYet('TC_044_2_CSMS', 'Firmware Update - Download Failed', 'update-firmware command is on branch fleet-ops, not merged');
  notYet('TC_044_3_CSMS', 'Firmware Update - Installation Failed', 'update-firmware command is on branch fleet-ops, not merged');
  notYet('TC_045_1_CSMS', 'Get Diagnostics', 'get-log command (GetDiagnostics) is on branch device, not merged');
  notYet('TC_045_2_CSMS', 'Get Diagnostics - Upload Failed', 'get-log command (GetDiagnostics) is on branch device, not merged');
});
