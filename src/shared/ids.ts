import { randomUUID } from 'node:crypto';

/** Ids are strings; these helpers build the composite ones so every layer spells them alike. */
export const newId = (): string => randomUUID();

export const evseKey = (stationId: string, evseNo: number): string => `${stationId}.${evseNo}`;

export const connectorKey = (stationId: string, evseNo: number, connectorNo: number): string =>
  `${stationId}.${evseNo}.${connectorNo}`;

/** OCPP identities travel in the URL path: keep them to the URL-unreserved set, 1–48 chars. */
export const STATION_ID_PATTERN = '^[A-Za-z0-9._~-]{1,48}$';
export const isValidStationId = (id: string): boolean => new RegExp(STATION_ID_PATTERN).test(id);
