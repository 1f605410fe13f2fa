import type { ConnectorStandard } from './station.model.js';

/**
 * OCPP 2.0.1 ConnectorEnumType values (plus the GB/T names stations in China report, since the
 * 2.0.1 enum predates cGBT) mapped onto our standards.
 */
const TYPES: Record<string, ConnectorStandard> = {
  cgbt: 'GBT_DC',
  'gbt-dc': 'GBT_DC',
  gbt_dc: 'GBT_DC',
  'gbt-ac': 'GBT_AC',
  gbt_ac: 'GBT_AC',
  sgbt: 'GBT_AC',
  cccs2: 'CCS2',
  cccs1: 'CCS1',
  cg105: 'CHADEMO',
  ctype2: 'TYPE2',
  stype2: 'TYPE2',
  ctype1: 'TYPE1',
};

export const connectorStandardFromOcpp = (value: string): ConnectorStandard =>
  TYPES[value.trim().toLowerCase()] ?? 'UNKNOWN';

const DC_STANDARDS = new Set(['GBT_DC', 'CCS1', 'CCS2', 'CHADEMO', 'CHAOJI']);
const AC_STANDARDS = new Set(['GBT_AC', 'TYPE1', 'TYPE2']);

/** AC or DC by the connector standard (null when unknown): DC fast charging is priced apart. */
export const powerTypeOf = (standard: string): 'AC' | 'DC' | null => (DC_STANDARDS.has(standard) ? 'DC' : AC_STANDARDS.has(standard) ? 'AC' : null);
