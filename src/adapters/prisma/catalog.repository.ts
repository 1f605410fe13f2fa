import { idTokenType, type TokenStatus } from '../../domain/authorization/index.js';
import {
  planChangesSomething,
  planEvses,
  type CatalogRepository,
  type City,
  type EvseChanges,
  type EvseLayout,
  type StoredEvse,
  type Location,
  type NewStation,
  type Operator,
  type OperatorRole,
  type Page,
  type Patch,
  type StationPatch,
  type TokenRecord,
} from '../../domain/catalog/index.js';
import { AppError } from '../../shared/errors.js';
import { randomUUID } from 'node:crypto';
import { domainEvent } from '../../domain/events/index.js';
import { connectorKey, evseKey } from '../../shared/ids.js';
import type { PrismaClient } from './generated/client.js';
import { outboxRow, type AfterCommit } from './outbox.writer.js';
import type { Connector as ConnectorRow, Evse as EvseRow, IdToken as TokenRow, Location as LocationRow, Operator as OperatorRow } from './generated/client.js';
import { decodeCursor, encodeCursor, translate } from './prisma-errors.js';

const op = (r: OperatorRow): Operator => ({ id: r.id, name: r.name, roles: r.roles as OperatorRole[], createdAt: r.createdAt.toISOString() });
const loc = (r: LocationRow): Location => ({
  id: r.id,
  operatorId: r.operatorId,
  name: r.name,
  city: r.city as City,
  district: r.district,
  address: r.address,
  lat: r.lat,
  lng: r.lng,
  timeZone: r.timeZone,
});
const tok = (r: TokenRow): TokenRecord => ({
  uid: r.uid,
  operatorId: r.operatorId,
  // A row an older node wrote may still say 'RFID'.
  type: idTokenType(r.type),
  status: r.status as TokenStatus,
  expiresAt: r.expiresAt?.toISOString() ?? null,
  groupId: r.groupId,
});

/** Keyset pagination by primary key. */
function page<T>(rows: T[], limit: number, key: (t: T) => string): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor([key(last)]) : null };
}
const after = (cursor: string | undefined) => {
  const c = decodeCursor(cursor, 1);
  return c ? { gt: String(c[0]) } : undefined;
};

/** A catalog.changed event for one write (unique: every write is its own fact). */
const changed = (entity: 'location' | 'station', id: string) =>
  outboxRow(domainEvent('catalog.changed', `${entity}:${id}:${randomUUID()}`, id, { entity, id }, new Date()));

/**
 * Master data through Prisma. Writes that change what drivers' answers are built from (locations,
 * stations with their EVSEs) write a catalog.changed event in the same transaction.
 */
export class PrismaCatalogRepository implements CatalogRepository {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly afterCommit: AfterCommit = async () => {},
  ) {}

  async #committed<T>(v: T): Promise<T> {
    await this.afterCommit();
    return v;
  }

  createOperator(o: Omit<Operator, 'createdAt'>): Promise<Operator> {
    return translate(async () => op(await this.prisma.operator.create({ data: { id: o.id, name: o.name, roles: [...o.roles] } })), { exists: 'OPERATOR_ALREADY_EXISTS' }, `operator ${o.id}`);
  }
  async getOperator(id: string): Promise<Operator | null> {
    const r = await this.prisma.operator.findUnique({ where: { id } });
    return r ? op(r) : null;
  }
  async listOperators(cursor: string | undefined, limit: number): Promise<Page<Operator>> {
    const gt = after(cursor);
    const rows = await this.prisma.operator.findMany({ where: gt ? { id: gt } : {}, orderBy: { id: 'asc' }, take: limit + 1 });
    return page(rows.map(op), limit, (o) => o.id);
  }
  updateOperator(id: string, patch: Patch<Omit<Operator, 'id' | 'createdAt'>>): Promise<Operator> {
    const data = { ...(patch.name !== undefined ? { name: patch.name } : {}), ...(patch.roles ? { roles: [...patch.roles] } : {}) };
    return translate(async () => op(await this.prisma.operator.update({ where: { id }, data })), { notFound: 'OPERATOR_NOT_FOUND' }, `operator ${id}`);
  }
  async deleteOperator(id: string): Promise<void> {
    await translate(() => this.prisma.operator.delete({ where: { id } }), { notFound: 'OPERATOR_NOT_FOUND', inUse: 'OPERATOR_IN_USE' }, `operator ${id}`);
  }

  async createLocation(l: Location): Promise<Location> {
    const [row] = await translate(() => this.prisma.$transaction([this.prisma.location.create({ data: { ...l } }), this.prisma.outboxEvent.create({ data: changed('location', l.id) })]), { exists: 'LOCATION_ALREADY_EXISTS' }, `location ${l.id}`);
    return this.#committed(loc(row));
  }
  async getLocation(id: string): Promise<Location | null> {
    const r = await this.prisma.location.findUnique({ where: { id } });
    return r ? loc(r) : null;
  }
  async listLocations(filter: { operatorId?: string | undefined; city?: string | undefined }, cursor: string | undefined, limit: number): Promise<Page<Location>> {
    const gt = after(cursor);
    const rows = await this.prisma.location.findMany({
      where: { ...(gt ? { id: gt } : {}), ...(filter.operatorId ? { operatorId: filter.operatorId } : {}), ...(filter.city ? { city: filter.city } : {}) },
      orderBy: { id: 'asc' },
      take: limit + 1,
    });
    return page(rows.map(loc), limit, (l) => l.id);
  }
  async updateLocation(id: string, patch: Patch<Omit<Location, 'id'>>): Promise<Location> {
    const data = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    const [row] = await translate(() => this.prisma.$transaction([this.prisma.location.update({ where: { id }, data }), this.prisma.outboxEvent.create({ data: changed('location', id) })]), { notFound: 'LOCATION_NOT_FOUND' }, `location ${id}`);
    return this.#committed(loc(row));
  }
  async deleteLocation(id: string): Promise<void> {
    await translate(async () => {
      // A location with stations is in use; stations keep their history only with a location.
      const n = await this.prisma.station.count({ where: { locationId: id } });
      if (n > 0) throw Object.assign(new Error('in use'), { code: 'P2003' });
      await this.prisma.$transaction([this.prisma.location.delete({ where: { id } }), this.prisma.outboxEvent.create({ data: changed('location', id) })]);
    }, { notFound: 'LOCATION_NOT_FOUND', inUse: 'LOCATION_IN_USE' }, `location ${id}`);
    await this.#committed(undefined);
  }

  async createStation(s: NewStation): Promise<void> {
    await translate(
      () =>
        this.prisma.$transaction(async (tx) => {
          await tx.station.create({
            data: { id: s.id, operatorId: s.operatorId, locationId: s.locationId, passwordHash: s.passwordHash, securityProfile: s.securityProfile, registrationStatus: s.registrationStatus, maxPowerW: s.maxPowerW ?? null },
          });
          for (const e of s.evses) {
            const maxW = Math.max(0, ...e.connectors.map((c) => Math.round(c.maxPowerKw * 1000)));
            await tx.evse.create({ data: { id: evseKey(s.id, e.evseId), stationId: s.id, evseNo: e.evseId, maxPowerW: maxW || null } });
            await tx.connector.createMany({
              data: e.connectors.map((c) => ({
                id: connectorKey(s.id, e.evseId, c.connectorId),
                evseId: evseKey(s.id, e.evseId),
                stationId: s.id,
                evseNo: e.evseId,
                connectorNo: c.connectorId,
                standard: c.standard,
                format: c.format ?? 'CABLE',
                maxPowerW: Math.round(c.maxPowerKw * 1000),
              })),
            });
          }
          await tx.outboxEvent.create({ data: changed('station', s.id) });
        }),
      { exists: 'STATION_ALREADY_EXISTS' },
      `station ${s.id}`,
    );
    await this.#committed(undefined);
  }
  async getStationOwnership(id: string): Promise<{ operatorId: string; locationId: string | null; hasPassword: boolean } | null> {
    const r = await this.prisma.station.findUnique({ where: { id }, select: { operatorId: true, locationId: true, passwordHash: true } });
    return r ? { operatorId: r.operatorId, locationId: r.locationId, hasPassword: r.passwordHash !== null } : null;
  }
  async updateStation(id: string, patch: StationPatch): Promise<void> {
    const data = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    await translate(() => this.prisma.$transaction([this.prisma.station.update({ where: { id }, data }), this.prisma.outboxEvent.create({ data: changed('station', id) })]), { notFound: 'STATION_NOT_FOUND' }, `station ${id}`);
    await this.#committed(undefined);
  }
  async deleteStation(id: string): Promise<void> {
    await translate(
      () =>
        this.prisma.$transaction(async (tx) => {
          // The row locked: a session cannot start on it meanwhile (its foreign key waits for the lock).
          const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM stations WHERE id = ${id} FOR UPDATE`;
          if (locked.length === 0) throw new AppError('STATION_NOT_FOUND', `station ${id} not found`);
          // Checked here rather than left to foreign keys: only sessions have one, and the answer
          // (with its reason) is the same on PostgreSQL and PGlite.
          const uses = await stationReferences(tx, id);
          if (uses.length > 0) {
            throw new AppError('STATION_IN_USE', `station ${id} is referenced by ${uses.join(', ')}: retire its EVSEs instead (PUT /v1/stations/${id}/evses with an empty list)`, { referencedBy: uses });
          }
          // A partner's links into it would point nowhere.
          await tx.$executeRaw`DELETE FROM roaming_connectors WHERE station_id = ${id}`;
          await tx.station.delete({ where: { id } });
          await tx.outboxEvent.create({ data: changed('station', id) });
        }),
      { notFound: 'STATION_NOT_FOUND', inUse: 'STATION_IN_USE' },
      `station ${id}`,
    );
    await this.#committed(undefined);
  }
  async stationsOf(operatorId: string): Promise<{ id: string; locationId: string | null }[]> {
    return this.prisma.station.findMany({ where: { operatorId }, select: { id: true, locationId: true }, orderBy: { id: 'asc' } });
  }

  async getStationEvses(stationId: string): Promise<StoredEvse[] | null> {
    const r = await this.prisma.station.findUnique({ where: { id: stationId }, select: { evses: { orderBy: { evseNo: 'asc' }, include: { connectors: { orderBy: { connectorNo: 'asc' } } } } } });
    return r ? r.evses.map(storedEvse) : null;
  }

  async setStationEvses(stationId: string, evses: readonly EvseLayout[], at: Date): Promise<EvseChanges> {
    const changes = await this.prisma.$transaction(async (tx) => {
      // The station row locked: two edits of one station apply one after the other.
      const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM stations WHERE id = ${stationId} FOR UPDATE`;
      if (locked.length === 0) throw new AppError('STATION_NOT_FOUND', `station ${stationId} not found`);
      const stored = await tx.evse.findMany({ where: { stationId }, include: { connectors: true } });
      const history = await connectorHistory(tx, stationId);
      const plan = planEvses(
        stored.map(storedEvse),
        evses,
        (e, c) => history.has(`${e}.${c}`) || history.has(`${e}.`),
      );
      for (const e of plan.upsertEvses) {
        await tx.evse.upsert({
          where: { id: evseKey(stationId, e.evseNo) },
          create: { id: evseKey(stationId, e.evseNo), stationId, evseNo: e.evseNo, maxPowerW: e.maxPowerW },
          update: { maxPowerW: e.maxPowerW, retiredAt: null },
        });
      }
      for (const c of plan.upsertConnectors) {
        const specs = { standard: c.standard, format: c.format, maxPowerW: c.maxPowerW, retiredAt: null };
        await tx.connector.upsert({
          where: { id: connectorKey(stationId, c.evseNo, c.connectorNo) },
          create: { id: connectorKey(stationId, c.evseNo, c.connectorNo), evseId: evseKey(stationId, c.evseNo), stationId, evseNo: c.evseNo, connectorNo: c.connectorNo, ...specs },
          update: specs,
        });
      }
      const ids = (list: readonly { evseNo: number; connectorNo: number }[]) => list.map((c) => connectorKey(stationId, c.evseNo, c.connectorNo));
      if (plan.retireConnectors.length > 0) await tx.connector.updateMany({ where: { id: { in: ids(plan.retireConnectors) } }, data: { retiredAt: at } });
      if (plan.deleteConnectors.length > 0) await tx.connector.deleteMany({ where: { id: { in: ids(plan.deleteConnectors) } } });
      if (plan.retireEvses.length > 0) await tx.evse.updateMany({ where: { id: { in: plan.retireEvses.map((n) => evseKey(stationId, n)) } }, data: { retiredAt: at } });
      if (plan.deleteEvses.length > 0) await tx.evse.deleteMany({ where: { id: { in: plan.deleteEvses.map((n) => evseKey(stationId, n)) } } });
      // Only a real change is news: a partner sync repeats the same list every time.
      if (planChangesSomething(plan)) {
        // updated_at moves too: a T/CEC partner's incremental query_stations_info picks the station up.
        await tx.station.update({ where: { id: stationId }, data: { updatedAt: at } });
        await tx.outboxEvent.create({ data: changed('station', stationId) });
      }
      return plan.changes;
    });
    return this.#committed(changes);
  }

  createToken(t: TokenRecord): Promise<TokenRecord> {
    return translate(
      async () => tok(await this.prisma.idToken.create({ data: { ...t, expiresAt: t.expiresAt ? new Date(t.expiresAt) : null } })),
      { exists: 'TOKEN_ALREADY_EXISTS' },
      `token ${t.uid}`,
    );
  }
  async getToken(uid: string): Promise<TokenRecord | null> {
    const r = await this.prisma.idToken.findUnique({ where: { uid } });
    return r ? tok(r) : null;
  }
  async listTokens(filter: { operatorId?: string | undefined }, cursor: string | undefined, limit: number): Promise<Page<TokenRecord>> {
    const gt = after(cursor);
    const rows = await this.prisma.idToken.findMany({
      where: { ...(gt ? { uid: gt } : {}), ...(filter.operatorId ? { operatorId: filter.operatorId } : {}) },
      orderBy: { uid: 'asc' },
      take: limit + 1,
    });
    return page(rows.map(tok), limit, (t) => t.uid);
  }
  updateToken(uid: string, patch: Patch<Omit<TokenRecord, 'uid'>>): Promise<TokenRecord> {
    const data = Object.fromEntries(
      Object.entries(patch)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, k === 'expiresAt' && typeof v === 'string' ? new Date(v) : v]),
    );
    return translate(async () => tok(await this.prisma.idToken.update({ where: { uid }, data })), { notFound: 'TOKEN_NOT_FOUND' }, `token ${uid}`);
  }
  async deleteToken(uid: string): Promise<void> {
    await translate(() => this.prisma.idToken.delete({ where: { uid } }), { notFound: 'TOKEN_NOT_FOUND' }, `token ${uid}`);
  }
}

const storedEvse = (e: EvseRow & { connectors: ConnectorRow[] }): StoredEvse => ({
  evseNo: e.evseNo,
  retired: e.retiredAt !== null,
  connectors: e.connectors.map((c) => ({ connectorNo: c.connectorNo, standard: c.standard, format: c.format, maxPowerW: c.maxPowerW, retired: c.retiredAt !== null })),
});

/**
 * The connectors of a station that history names, as "evse.connector" ("evse." when a record
 * names the EVSE only, as a 2.0.1 session or a reservation may): sessions, CDRs, roaming charges,
 * reservations.
 */
async function connectorHistory(tx: Pick<PrismaClient, '$queryRaw'>, stationId: string): Promise<Set<string>> {
  const rows = await tx.$queryRaw<{ evse_no: number; connector_no: number | null }[]>`
    SELECT DISTINCT evse_no, connector_no FROM (
      SELECT evse_no, connector_no FROM charging_sessions WHERE station_id = ${stationId} AND evse_no IS NOT NULL
      UNION ALL SELECT evse_no, connector_no FROM cdrs WHERE station_id = ${stationId} AND evse_no IS NOT NULL
      UNION ALL SELECT evse_no, connector_no FROM roaming_charges WHERE station_id = ${stationId}
      UNION ALL SELECT evse_no, NULL FROM reservations WHERE station_id = ${stationId} AND evse_no IS NOT NULL
    ) h`;
  return new Set(rows.map((r) => `${Number(r.evse_no)}.${r.connector_no === null ? '' : Number(r.connector_no)}`));
}

/** What in our history names the station (a delete would orphan it), in the words of the API's answer. */
async function stationReferences(tx: Pick<PrismaClient, '$queryRaw'>, stationId: string): Promise<string[]> {
  const [r] = await tx.$queryRaw<Record<string, boolean>[]>`
    SELECT EXISTS (SELECT 1 FROM charging_sessions WHERE station_id = ${stationId}) AS sessions,
           EXISTS (SELECT 1 FROM cdrs WHERE station_id = ${stationId}) AS cdrs,
           EXISTS (SELECT 1 FROM roaming_charges WHERE station_id = ${stationId}) AS roaming_charges,
           EXISTS (SELECT 1 FROM reservations WHERE station_id = ${stationId}) AS reservations,
           EXISTS (SELECT 1 FROM firmware_campaign_stations WHERE station_id = ${stationId}) AS firmware_campaigns`;
  const words: Record<string, string> = { sessions: 'sessions', cdrs: 'CDRs', roaming_charges: 'roaming charges', reservations: 'reservations', firmware_campaigns: 'firmware campaigns' };
  return Object.entries(words)
    .filter(([column]) => r?.[column] === true)
    .map(([, word]) => word);
}
