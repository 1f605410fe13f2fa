import type { AvailabilityCatalog, CatalogLocation } from '../../domain/availability/index.js';
import type { PrismaClient } from './generated/client.js';

const REFRESH_MS = 10_000;

/**
 * The static catalog for availability answers, read once and kept in memory; refreshed in the
 * background every 10 s (new stations and connectors appear within that time). Live statuses are
 * not here: they come from the live status store.
 */
export class PrismaAvailabilityCatalog implements AvailabilityCatalog {
  #snapshot: readonly CatalogLocation[] | undefined;
  #loadedAt = 0;
  #loading: Promise<readonly CatalogLocation[]> | undefined;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly now: () => number = Date.now,
  ) {}

  async locations(): Promise<readonly CatalogLocation[]> {
    if (!this.#snapshot) return this.#load();
    if (this.now() - this.#loadedAt > REFRESH_MS) void this.#load().catch(() => undefined);
    return this.#snapshot;
  }

  /** Forget the snapshot (after admin changes, so the next answer sees them). */
  invalidate(): void {
    this.#snapshot = undefined;
  }

  #load(): Promise<readonly CatalogLocation[]> {
    this.#loading ??= (async () => {
      try {
        const rows = await this.prisma.location.findMany({
          orderBy: { id: 'asc' },
          include: {
            stations: {
              orderBy: { id: 'asc' },
              select: { id: true, evses: { orderBy: { evseNo: 'asc' }, select: { evseNo: true, connectors: { orderBy: { connectorNo: 'asc' }, select: { connectorNo: true, standard: true, maxPowerW: true } } } } },
            },
          },
        });
        const snapshot: CatalogLocation[] = rows.map((r) => ({
          id: r.id,
          operatorId: r.operatorId,
          name: r.name,
          city: r.city,
          district: r.district,
          address: r.address,
          lat: r.lat,
          lng: r.lng,
          timeZone: r.timeZone,
          stations: r.stations,
        }));
        this.#snapshot = snapshot;
        this.#loadedAt = this.now();
        return snapshot;
      } finally {
        this.#loading = undefined;
      }
    })();
    return this.#loading;
  }
}
