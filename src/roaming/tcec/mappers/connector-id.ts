import { connectorKey } from '../../../shared/ids.js';

/**
 * A T/CEC ConnectorID names a connector without its station, so ours is the connector key
 * "{stationId}.{evseNo}.{connectorNo}" (station ids never hold more than the URL-unreserved set,
 * and the last two dot-separated parts are always the numbers).
 */
export const tcecConnectorId = (stationId: string, evseNo: number, connectorNo: number): string => connectorKey(stationId, evseNo, connectorNo);

const CONNECTOR_ID = /^(.+)\.(\d{1,9})\.(\d{1,9})$/;

export function parseTcecConnectorId(id: string): { stationId: string; evseNo: number; connectorNo: number } | undefined {
  const m = CONNECTOR_ID.exec(id);
  if (!m) return undefined;
  return { stationId: m[1]!, evseNo: Number(m[2]), connectorNo: Number(m[3]) };
}
