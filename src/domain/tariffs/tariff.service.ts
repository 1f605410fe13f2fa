import type { Clock } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
import type { CatalogService } from '../catalog/catalog.service.js';
import {
  appendVersion,
  tariffVersion,
  withdrawVersion,
  type PowerType,
  type Tariff,
  type TariffVersion,
  type TariffVersionInput,
} from './tariff.model.js';
import type { TariffRepository } from './tariff.ports.js';

export interface NewTariffInput extends TariffVersionInput {
  readonly id: string;
  readonly operatorId: string;
  readonly locationId?: string | null | undefined;
  readonly powerType?: PowerType | null | undefined;
  readonly name: string;
}

/** What a PATCH may change: the name, or prices (a new version, from now or validFrom). */
export interface TariffChange {
  readonly name?: string | undefined;
  readonly validFrom?: Date | undefined;
  readonly validTo?: Date | null | undefined;
  readonly periods?: TariffVersionInput['periods'] | undefined;
  readonly idleFee?: TariffVersionInput['idleFee'];
  readonly sessionFee?: string | null | undefined;
}

/** Operators' tariffs: checked against the catalog, changed only by adding versions. */
export class TariffService {
  constructor(
    readonly repo: TariffRepository,
    private readonly catalog: CatalogService,
    private readonly clock: Clock,
  ) {}

  async create(input: NewTariffInput): Promise<Tariff> {
    const first = tariffVersion(input.id, 1, input, this.clock.now());
    await this.catalog.requireOperator(input.operatorId);
    if (input.locationId) await this.catalog.requireLocationOf(input.locationId, input.operatorId);
    return this.repo.create({
      id: input.id,
      operatorId: input.operatorId,
      locationId: input.locationId ?? null,
      powerType: input.powerType ?? null,
      name: input.name,
      currency: 'CNY',
      versions: [first],
    });
  }

  /**
   * A rename changes no price. A price change is a new version from `validFrom` (default now):
   * what it does not name (periods, idle fee, session fee) it keeps from the latest version.
   */
  async update(id: string, change: TariffChange): Promise<Tariff> {
    const { name, ...prices } = change;
    const pricesChange = prices.periods !== undefined || prices.idleFee !== undefined || prices.sessionFee !== undefined || prices.validFrom !== undefined || prices.validTo !== undefined;
    if (pricesChange) return this.addVersion(id, prices, true, name);
    return name !== undefined ? this.repo.rename(id, name) : this.get(id);
  }

  /** A new version; `inherit`: fields not given come from the latest version; `rename` in the same change. */
  addVersion(id: string, input: Omit<TariffChange, 'name'>, inherit = false, rename?: string): Promise<Tariff> {
    const now = this.clock.now();
    return this.repo.changeVersions(id, (t) => {
      const latest = t.versions[t.versions.length - 1]!;
      if (!inherit && input.periods === undefined) throw new AppError('VALIDATION_FAILED', 'a version needs periods', { field: 'periods' });
      const next = tariffVersion(id, latest.version + 1, {
        validFrom: input.validFrom,
        validTo: input.validTo,
        periods: input.periods ?? latest.periods.map(periodInput),
        idleFee: input.idleFee !== undefined ? input.idleFee : inherit ? idleInput(latest) : null,
        sessionFee: input.sessionFee !== undefined ? input.sessionFee : inherit ? latest.sessionFee?.toFixed(4) ?? null : null,
      }, now);
      const { ended } = appendVersion(t.versions, next, now);
      return { add: next, end: ended, rename };
    });
  }

  /** Withdrawn from now on; the prices that were in force stay for the sessions that charged then. */
  delete(id: string): Promise<void> {
    return this.repo.delete(id, this.clock.now());
  }

  /** Withdraws the latest version before it takes effect. */
  withdrawVersion(id: string, version: number): Promise<Tariff> {
    const now = this.clock.now();
    return this.repo.changeVersions(id, (t) => {
      const { reopened } = withdrawVersion(t.versions, version, now);
      return { remove: version, end: reopened };
    });
  }

  async get(id: string): Promise<Tariff> {
    const t = await this.repo.get(id);
    if (!t) throw new AppError('TARIFF_NOT_FOUND', `tariff ${id} not found`);
    return t;
  }
}

const periodInput = (p: TariffVersion['periods'][number]) => ({
  startsAt: p.startsAt,
  energyPricePerKwh: p.energyPrice.toFixed(4),
  serviceFeePerKwh: p.serviceFee.toFixed(4),
  tier: p.tier ?? undefined,
});

const idleInput = (v: TariffVersion) =>
  v.idleFee ? { perMinute: v.idleFee.perMinute.toFixed(4), graceMinutes: v.idleFee.graceMinutes, dailyCap: v.idleFee.dailyCap?.toFixed(2) ?? null } : null;
