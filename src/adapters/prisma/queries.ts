import type { SampleView, SessionFilter, SessionQueries, SessionView } from '../../domain/sessions/index.js';
import type { ConnectorStatus, ConnectorStatusChangeView, OcppVersion, RegistrationStatus, SecurityProfile, StationListFilter, StationQueries, StationView } from '../../domain/stations/index.js';
import type { Prisma, PrismaClient } from './generated/client.js';
import { decodeCursor, encodeCursor, isCursorTime } from './prisma-errors.js';
import { sessionFromRow, sessionView } from './session.mapper.js';

const kw = (w: number | null): number | null => (w === null ? null : w / 1000);
const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

const stationInclude = { evses: { orderBy: { evseNo: 'asc' }, include: { connectors: { orderBy: { connectorNo: 'asc' } } } } } as const;
type StationRow = Prisma.StationGetPayload<{ include: typeof stationInclude }>;

function stationView(r: StationRow): Omit<StationView, 'online'> {
  return {
    id: r.id,
    operatorId: r.operatorId,
    locationId: r.locationId,
    registrationStatus: r.registrationStatus as RegistrationStatus,
    securityProfile: r.securityProfile as SecurityProfile,
    ocppVersion: r.ocppVersion as OcppVersion | null,
    vendor: r.vendor,
    model: r.model,
    serialNumber: r.serialNumber,
    firmwareVersion: r.firmwareVersion,
    firmwareStatus: r.firmwareStatus,
    lastBootAt: iso(r.lastBootAt),
    lastSeenAt: iso(r.lastSeenAt),
    maxPowerKw: kw(r.maxPowerW),
    evses: r.evses.map((e) => ({
      id: e.id,
      evseId: e.evseNo,
      maxPowerKw: kw(e.maxPowerW),
      retiredAt: iso(e.retiredAt),
      connectors: e.connectors.map((c) => ({
        connectorId: c.connectorNo,
        standard: c.standard,
        format: c.format,
        maxPowerKw: kw(c.maxPowerW),
        retiredAt: iso(c.retiredAt),
        status: c.status as ConnectorStatus,
        ocppStatus: c.ocppStatus,
        errorCode: c.errorCode,
        statusAt: iso(c.statusAt),
      })),
    })),
  };
}

export class PrismaStationQueries implements StationQueries {
  constructor(private readonly prisma: PrismaClient) {}

  async get(stationId: string) {
    const r = await this.prisma.station.findUnique({ where: { id: stationId }, include: stationInclude });
    return r ? stationView(r) : null;
  }

  async list(filter: StationListFilter) {
    const c = decodeCursor(filter.cursor, 1);
    const contains = filter.q ? { contains: filter.q, mode: 'insensitive' as const } : undefined;
    const faulted = { evses: { some: { connectors: { some: { status: 'FAULTED', retiredAt: null } } } } };
    const rows = await this.prisma.station.findMany({
      where: {
        ...(c ? { id: { gt: String(c[0]) } } : {}),
        ...(filter.operatorId ? { operatorId: filter.operatorId } : {}),
        ...(filter.locationId ? { locationId: filter.locationId } : {}),
        ...(filter.city ? { location: { city: filter.city } } : {}),
        ...(filter.ocppVersion ? { ocppVersion: filter.ocppVersion } : {}),
        ...(filter.faulted === true ? faulted : filter.faulted === false ? { NOT: faulted } : {}),
        ...(contains
          ? { OR: [{ id: contains }, { vendor: contains }, { model: contains }, { serialNumber: contains }, { location: { name: contains } }] }
          : {}),
      },
      include: stationInclude,
      orderBy: { id: 'asc' },
      take: filter.limit + 1,
    });
    const items = rows.slice(0, filter.limit).map(stationView);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > filter.limit && last ? encodeCursor([last.id]) : null };
  }

  async statusHistory(stationId: string, filter: { before?: Date | undefined; limit: number }): Promise<ConnectorStatusChangeView[]> {
    const rows = await this.prisma.connectorStatusChange.findMany({
      where: { stationId, ...(filter.before ? { occurredAt: { lt: filter.before } } : {}) },
      orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
      take: filter.limit,
    });
    return rows.map((r) => ({
      evseId: r.evseNo,
      connectorId: r.connectorNo,
      status: r.status as ConnectorStatus,
      ocppStatus: r.ocppStatus,
      errorCode: r.errorCode,
      info: r.info,
      occurredAt: r.occurredAt.toISOString(),
    }));
  }
}

export class PrismaSessionQueries implements SessionQueries {
  constructor(private readonly prisma: PrismaClient) {}

  /** Newest first; the cursor is (startedAt, id) of the last item. */
  async list(f: SessionFilter): Promise<{ items: SessionView[]; nextCursor: string | null }> {
    const c = decodeCursor(f.cursor, 2, ([at, id]) => isCursorTime(at) && typeof id === 'string');
    const where: Prisma.ChargingSessionWhereInput = {
      ...(f.visibleTo ? { AND: [await this.#visibility(f.visibleTo)] } : {}),
      ...(f.stationId ? { stationId: f.stationId } : {}),
      ...(f.operatorId ? { operatorId: f.operatorId } : {}),
      ...(f.status ? { status: f.status } : {}),
      startedAt: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) },
      ...(c
        ? { OR: [{ startedAt: { lt: new Date(String(c[0])) } }, { startedAt: new Date(String(c[0])), id: { lt: String(c[1]) } }] }
        : {}),
    };
    const rows = await this.prisma.chargingSession.findMany({ where, orderBy: [{ startedAt: 'desc' }, { id: 'desc' }], take: f.limit + 1 });
    const items = rows.slice(0, f.limit).map((r) => sessionView(sessionFromRow(r)));
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > f.limit && last ? encodeCursor([last.startedAt, last.id]) : null };
  }

  /** An operator sees sessions at its stations (as CPO) and those charged with its tokens (as the paying EMSP). */
  async #visibility(operatorId: string): Promise<Prisma.ChargingSessionWhereInput> {
    return { OR: [{ operatorId }, { providerId: operatorId }] };
  }

  async get(id: string, visibleTo?: string): Promise<(SessionView & { samples: SampleView[] }) | null> {
    const r = await this.prisma.chargingSession.findFirst({
      where: { id, ...(visibleTo ? await this.#visibility(visibleTo) : {}) },
      include: { samples: { orderBy: [{ sampledAt: 'asc' }, { id: 'asc' }] } },
    });
    if (!r) return null;
    return {
      ...sessionView(sessionFromRow(r)),
      samples: r.samples.map((s) => ({
        sampledAt: s.sampledAt.toISOString(),
        measurand: s.measurand,
        phase: s.phase || null,
        location: s.location || null,
        context: s.context,
        value: s.value.toString(),
        unit: s.unit,
      })),
    };
  }
}
