import { AppError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import type { CatalogService } from '../catalog/catalog.service.js';
import type { Agreement, AgreementPatch } from './agreement.model.js';
import type { AgreementRepository } from './agreement.ports.js';

export interface AgreementInput {
  readonly id?: string | undefined;
  readonly providerId: string;
  readonly operatorId: string;
  readonly validFrom: Date;
  readonly validTo?: Date | null | undefined;
  readonly cities?: Agreement['cities'] | undefined;
}

const checkWindow = (validFrom: Date, validTo: Date | null | undefined): void => {
  if (validTo && validTo.getTime() <= validFrom.getTime()) throw new AppError('VALIDATION_FAILED', 'validTo must be after validFrom', { field: 'validTo' });
};

/** Agreements between providers (EMSPs) and operators (CPOs), checked against the parties. */
export class AgreementService {
  constructor(
    readonly repo: AgreementRepository,
    private readonly catalog: CatalogService,
  ) {}

  async create(input: AgreementInput): Promise<Agreement> {
    checkWindow(input.validFrom, input.validTo);
    await this.#checkParties(input.providerId, input.operatorId);
    return this.repo.create({
      id: input.id ?? newId(),
      providerId: input.providerId,
      operatorId: input.operatorId,
      validFrom: input.validFrom,
      validTo: input.validTo ?? null,
      cities: [...new Set(input.cities ?? [])],
    });
  }

  async update(id: string, patch: AgreementPatch): Promise<Agreement> {
    const current = await this.get(id);
    checkWindow(patch.validFrom ?? current.validFrom, patch.validTo === undefined ? current.validTo : patch.validTo);
    return this.repo.update(id, { ...patch, ...(patch.cities ? { cities: [...new Set(patch.cities)] } : {}) });
  }

  async get(id: string): Promise<Agreement> {
    const a = await this.repo.get(id);
    if (!a) throw new AppError('AGREEMENT_NOT_FOUND', `agreement ${id} not found`);
    return a;
  }

  async #checkParties(providerId: string, operatorId: string): Promise<void> {
    if (providerId === operatorId) throw new AppError('VALIDATION_FAILED', 'an operator needs no agreement with itself', { field: 'operatorId' });
    const provider = await this.catalog.repo.getOperator(providerId);
    if (!provider) throw new AppError('OPERATOR_NOT_FOUND', `operator ${providerId} does not exist`, { field: 'providerId' });
    if (!provider.roles.includes('EMSP')) throw new AppError('VALIDATION_FAILED', `operator ${providerId} is not an EMSP`, { field: 'providerId' });
    const operator = await this.catalog.repo.getOperator(operatorId);
    if (!operator) throw new AppError('OPERATOR_NOT_FOUND', `operator ${operatorId} does not exist`, { field: 'operatorId' });
    if (!operator.roles.includes('CPO')) throw new AppError('VALIDATION_FAILED', `operator ${operatorId} is not a CPO`, { field: 'operatorId' });
  }
}
