import { AppError } from '../../shared/errors.js';
import { isValidStationId } from '../../shared/ids.js';
import { hashStationPassword, stationPasswordProblem } from '../stations/station-credentials.js';
import type { SecurityProfile } from '../stations/security-profile.js';
import type { RegistrationStatus } from '../stations/station.model.js';
import type { EvseChanges, EvseLayout, Location, NewStation, Patch } from './catalog.model.js';
import type { CatalogRepository } from './catalog.ports.js';

export interface StationInput {
  id: string;
  operatorId: string;
  locationId?: string | null | undefined;
  /** Required unless securityProfile is 3 (the station authenticates with its certificate). */
  password?: string | undefined;
  securityProfile?: SecurityProfile | undefined;
  registrationStatus?: RegistrationStatus | undefined;
  /** The most all its EVSEs may draw together (power modules shared between guns). */
  maxPowerKw?: number | null | undefined;
  evses?: EvseLayout[] | undefined;
}

/** Rules around master data that the HTTP schemas alone cannot express. */
export class CatalogService {
  constructor(readonly repo: CatalogRepository) {}

  async createLocation(loc: Location): Promise<Location> {
    checkTimeZone(loc.timeZone);
    await this.requireOperator(loc.operatorId);
    return this.repo.createLocation(loc);
  }

  async updateLocation(id: string, patch: Patch<Omit<Location, 'id'>>): Promise<Location> {
    if (patch.timeZone !== undefined) checkTimeZone(patch.timeZone);
    if (patch.operatorId !== undefined) await this.requireOperator(patch.operatorId);
    return this.repo.updateLocation(id, patch);
  }

  async createStation(input: StationInput): Promise<void> {
    if (!isValidStationId(input.id)) {
      throw new AppError('VALIDATION_FAILED', 'id must be 1–48 URL-safe characters', { field: 'id' });
    }
    const securityProfile = input.securityProfile ?? 1;
    if (input.password === undefined && securityProfile < 3) {
      throw new AppError('VALIDATION_FAILED', `a station at security profile ${securityProfile} needs a password (HTTP Basic)`, { field: 'password' });
    }
    const problem = input.password === undefined ? undefined : stationPasswordProblem(input.password);
    if (problem) throw new AppError('VALIDATION_FAILED', `password ${problem}`, { field: 'password' });
    checkEvseLayout(input.evses ?? []);
    await this.requireOperator(input.operatorId);
    if (input.locationId) await this.requireLocationOf(input.locationId, input.operatorId);
    const station: NewStation = {
      id: input.id,
      operatorId: input.operatorId,
      locationId: input.locationId ?? null,
      passwordHash: input.password === undefined ? null : hashStationPassword(input.password),
      securityProfile,
      registrationStatus: input.registrationStatus ?? 'Accepted',
      maxPowerW: wattsOf(input.maxPowerKw),
      evses: input.evses ?? [],
    };
    await this.repo.createStation(station);
  }

  async updateStation(
    id: string,
    patch: {
      operatorId?: string | undefined;
      locationId?: string | null | undefined;
      password?: string | undefined;
      securityProfile?: SecurityProfile | undefined;
      registrationStatus?: RegistrationStatus | undefined;
      maxPowerKw?: number | null | undefined;
    },
  ): Promise<void> {
    const current = await this.repo.getStationOwnership(id);
    if (!current) throw new AppError('STATION_NOT_FOUND', `station ${id} not found`);
    if (patch.securityProfile !== undefined && patch.securityProfile < 3 && !current.hasPassword && patch.password === undefined) {
      throw new AppError('VALIDATION_FAILED', `the station has no password: security profile ${patch.securityProfile} needs one (HTTP Basic)`, { field: 'password' });
    }
    if (patch.operatorId) await this.requireOperator(patch.operatorId);
    // The station and its location must belong to the same operator after the change.
    const operatorId = patch.operatorId ?? current.operatorId;
    const locationId = patch.locationId === undefined ? current.locationId : patch.locationId;
    if (locationId) await this.requireLocationOf(locationId, operatorId);
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
      securityProfile: patch.securityProfile,
      passwordHash,
      maxPowerW: patch.maxPowerKw === undefined ? undefined : wattsOf(patch.maxPowerKw),
    });
  }

  /**
   * Sets the station's EVSEs and connectors to the full list given: new ones added, changed ones
   * updated, left-out ones retired (history names them) or deleted (nothing does).
   */
  async setStationEvses(id: string, evses: readonly EvseLayout[], at: Date = new Date()): Promise<EvseChanges> {
    checkEvseLayout(evses);
    evses.forEach((e, i) => {
      if (e.connectors.length === 0) throw new AppError('VALIDATION_FAILED', `evses[${i}] has no connector: leave the EVSE out to retire it`, { field: `evses.${i}.connectors` });
    });
    return this.repo.setStationEvses(id, evses, at);
  }

  async requireOperator(id: string): Promise<void> {
    if (!(await this.repo.getOperator(id))) {
      throw new AppError('OPERATOR_NOT_FOUND', `operator ${id} does not exist`, { field: 'operatorId' });
    }
  }

  async requireLocationOf(locationId: string, operatorId: string | undefined): Promise<void> {
    const loc = await this.repo.getLocation(locationId);
    if (!loc) throw new AppError('LOCATION_NOT_FOUND', `location ${locationId} does not exist`, { field: 'locationId' });
    if (operatorId && loc.operatorId !== operatorId) {
      throw new AppError('VALIDATION_FAILED', `location ${locationId} belongs to another operator`, { field: 'locationId' });
    }
  }
}

function checkTimeZone(tz: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
  } catch {
    throw new AppError('VALIDATION_FAILED', `timeZone ${tz} is not an IANA time zone`, { field: 'timeZone' });
  }
}

/** EVSE ids unique in the station, connector ids unique in their EVSE. */
function checkEvseLayout(evses: readonly EvseLayout[]): void {
  const evseIds = new Set<number>();
  evses.forEach((e, i) => {
    if (evseIds.has(e.evseId)) throw new AppError('VALIDATION_FAILED', `evses[${i}].evseId ${e.evseId} appears twice`, { field: `evses.${i}.evseId` });
    evseIds.add(e.evseId);
    const connectorIds = new Set<number>();
    e.connectors.forEach((c, j) => {
      if (connectorIds.has(c.connectorId)) {
        throw new AppError('VALIDATION_FAILED', `evses[${i}].connectors[${j}].connectorId ${c.connectorId} appears twice`, { field: `evses.${i}.connectors.${j}.connectorId` });
      }
      connectorIds.add(c.connectorId);
    });
  });
}

/** kW as the API takes it, to whole watts as stored (null stays null: no limit). */
const wattsOf = (kw: number | null | undefined): number | null => (kw === null || kw === undefined ? null : Math.round(kw * 1000));
