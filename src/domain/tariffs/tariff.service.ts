import { AppError } from '../../shared/errors.js';
import type { CatalogService } from '../catalog/catalog.service.js';
import { tariffPeriods, type Tariff, type TariffPeriodInput } from './tariff.model.js';
import type { TariffRepository } from './tariff.ports.js';

/** Operators' tariffs: checked against the catalog (operator, and a location of that operator). */
export class TariffService {
  constructor(
    readonly repo: TariffRepository,
    private readonly catalog: CatalogService,
  ) {}

  async create(input: { id: string; operatorId: string; locationId?: string | null | undefined; name: string; periods: readonly TariffPeriodInput[] }): Promise<Tariff> {
    const periods = tariffPeriods(input.periods);
    await this.catalog.requireOperator(input.operatorId);
    if (input.locationId) await this.catalog.requireLocationOf(input.locationId, input.operatorId);
    return this.repo.create({ id: input.id, operatorId: input.operatorId, locationId: input.locationId ?? null, name: input.name, currency: 'CNY', periods });
  }

  async update(id: string, change: { name?: string | undefined; periods?: readonly TariffPeriodInput[] | undefined }): Promise<Tariff> {
    return this.repo.update(id, { name: change.name, periods: change.periods ? tariffPeriods(change.periods) : undefined });
  }

  async get(id: string): Promise<Tariff> {
    const t = await this.repo.get(id);
    if (!t) throw new AppError('TARIFF_NOT_FOUND', `tariff ${id} not found`);
    return t;
  }
}
