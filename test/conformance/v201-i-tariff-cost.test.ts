/** OCTT OCPP 2.0.1 CSMS cases, block I (Tariff and Cost). */
import { describe } from 'vitest';
import { notYet } from './support/harness.js';

describe('OCPP 2.0.1 I. Tariff and Cost', () => {
  notYet('TC_I_01_CSMS', 'Show EV Driver running total cost during charging - costUpdatedRequest', 'not in the platform: it never sends CostUpdated during a transaction (prices are made after the session, in the CDR)');
  notYet('TC_I_02_CSMS', 'Show EV Driver Final Total Cost After Charging', 'not in the platform: the TransactionEvent(Ended) answer carries no totalCost (prices are made after the session, in the CDR)');
});
