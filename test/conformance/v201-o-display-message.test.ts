/** OCTT OCPP 2.0.1 CSMS cases, block O (Display Message). */
import { describe } from 'vitest';
import { notYet } from './support/harness.js';

const set = 'set-display-message command is on branch device, not merged';
const getClear = 'not in the platform: no command sends GetDisplayMessages or ClearDisplayMessage (issue 10 asks for set-display-message only)';

describe('OCPP 2.0.1 O. Display Message', () => {
  notYet('TC_O_01_CSMS', 'Set Display Message - Success', set);
  notYet('TC_O_02_CSMS', 'Get all Display Messages - Success', getClear);
  notYet('TC_O_03_CSMS', 'Get all Display Messages - No DisplayMessages configured', getClear);
  notYet('TC_O_04_CSMS', 'Clear Display Message - Success', getClear);
  notYet('TC_O_05_CSMS', 'Clear Display Message - Unknown Key', getClear);
  notYet('TC_O_06_CSMS', 'Set Display Message - Specific transaction - Success', set);
  notYet('TC_O_07_CSMS', 'Get a Specific Display Message - Id', getClear);
  notYet('TC_O_08_CSMS', 'Get a Specific Display Message - Priority', getClear);
  notYet('TC_O_09_CSMS', 'Get a Specific Display Message - State', getClear);
  notYet('TC_O_10_CSMS', 'Set Display Message - Specific transaction - UnknownTransaction', set);
  notYet('TC_O_11_CSMS', 'Get a Specific Display Message - Unknown parameters', getClear);
  notYet('TC_O_12_CSMS', 'Set Display Message - Replace DisplayMessage', set);
  notYet('TC_O_13_CSMS', 'Set Display Message - Display message at StartTime', set);
  notYet('TC_O_14_CSMS', 'Set Display Message - Remove message after EndTime', set);
  notYet('TC_O_17_CSMS', 'Set Display Message - NotSupportedPriority', set);
  notYet('TC_O_18_CSMS', 'Set Display Message - NotSupportedState', set);
  notYet('TC_O_19_CSMS', 'Set Display Message - NotSupportedMessageFormat', set);
  notYet('TC_O_25_CSMS', 'Set Display Message - Send Specific state', set);
  notYet('TC_O_26_CSMS', 'Set Display Message - Rejected', set);
  notYet('TC_O_27_CSMS', 'Set Display Message - Specific transaction - Display message at StartTime', set);
  notYet('TC_O_28_CSMS', 'Set Display Message - Specific transaction - Remove message after EndTime', set);
});
