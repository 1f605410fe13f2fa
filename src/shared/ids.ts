import { randomInt, randomUUID } from 'node:crypto';

/** Ids are strings; these helpers build the composite ones so every layer spells them alike. */
export const newId = (): string => randomUUID();

/**
 * OCPP reservationId (a positive 32-bit integer) for a new reservation: random, so reservations
 * made on any node in the same instant do not collide at a station.
 */
export const newReservationId = (): number => randomInt(1, 2_147_483_647);

export const evseKey = (stationId: string, evseNo: number): string => `${stationId}.${evseNo}`;

export const connectorKey = (stationId: string, evseNo: number, connectorNo: number): string =>
  `${stationId}.${evseNo}.${connectorNo}`;

/** OCPP identities travel in the URL path: keep them to the URL-unreserved set, 1–48 chars. */
export const STATION_ID_PATTERN = '^[A-Za-z0-9._~-]{1,48}$';
export const isValidStationId = (id: string): boolean => new RegExp(STATION_ID_PATTERN).test(id);
