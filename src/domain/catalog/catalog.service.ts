import { AppError } from '../../shared/errors.js';
import { isValidStationId } from '../../shared/ids.js';
import { hashStationPassword, stationPasswordProblem } from '../stations/station-credentials.js';
import type { ConnectorStandard, RegistrationStatus } from '../stations/station.model.js';
import type { Location, NewStation } from './catalog.model.js';
import type { CatalogRepository } from './catalog.ports.js';

export interface StationInput {
  id: string;
  operatorId: string;
  locationId?: string | null | undefined;
  password: string;
  registrationStatus?: RegistrationStatus | undefined;
  evses?: { evseId: number; connectors: { connectorId: number; standard: ConnectorStandard; maxPowerKw: number }[] }[] | undefined;
}

/** Rules around master data that the HTTP schemas alone cannot express. */
export class CatalogService {
  constructor(readonly repo: CatalogRepository) {}

  async createLocation(loc: Location): Promise<Location> {
    await this.requireOperator(loc.operatorId);
    return this.repo.createLocation(loc);
  }

  async createStation(input: StationInput): Promise<void> {
    if (!isValidStationId(input.id)) {
      throw new AppError('VALIDATION_FAILED', 'id must be 1–48 URL-safe characters', { field: 'id' });
    }
    const problem = stationPasswordProblem(input.password);
    if (problem) throw new AppError('VALIDATION_FAILED', `password ${problem}`, { field: 'password' });
    await this.requireOperator(input.operatorId);
    if (input.locationId) await this.requireLocationOf(input.locationId, input.operatorId);
    const station: NewStation = {
      id: input.id,
      operatorId: input.operatorId,
      locationId: input.locationId ?? null,
      passwordHash: hashStationPassword(input.password),
      registrationStatus: input.registrationStatus ?? 'Accepted',
      evses: input.evses ?? [],
    };
    await this.repo.createStation(station);
  }

  async updateStation(
    id: string,
    patch: { operatorId?: string | undefined; locationId?: string | null | undefined; password?: string | undefined; registrationStatus?: RegistrationStatus | undefined },
  ): Promise<void> {
    if (patch.operatorId) await this.requireOperator(patch.operatorId);
    if (patch.locationId) await this.requireLocationOf(patch.locationId, patch.operatorId);
    let passwordHash: string | undefined;
    if (patch.password !== undefined) {
      const problem = stationPasswordProblem(patch.password);
      if (problem) throw new AppError('VALIDATION_FAILED', `password ${problem}`, { field: 'password' });
      passwordHash = hashStationPassword(patch.password);
    }
    await this.repo.updateStation(id, {
      operatorId: patch.operatorId,
      locationId: patch.locationId,
      registrationStatus: patch.registrationStatus,
      passwordHash,
    });
  }

  async requireOperator(id: string): Promise<void> {
    if (!(await this.repo.getOperator(id))) {
      throw new AppError('OPERATOR_NOT_FOUND', `operator ${id} does not exist`, { field: 'operatorId' });
    }
  }

  private async requireLocationOf(locationId: string, operatorId: string | undefined): Promise<void> {
    const loc = await this.repo.getLocation(locationId);
    if (!loc) throw new AppError('LOCATION_NOT_FOUND', `location ${locationId} does not exist`, { field: 'locationId' });
    if (operatorId && loc.operatorId !== operatorId) {
      throw new AppError('VALIDATION_FAILED', `location ${locationId} belongs to another operator`, { field: 'locationId' });
    }
  }
}
