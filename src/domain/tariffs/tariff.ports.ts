import type { Tariff } from './tariff.model.js';

export interface TariffRepository {
  /** TARIFF_ALREADY_EXISTS when the id is taken. */
  create(t: Tariff): Promise<Tariff>;
  /** Replaces the name and periods; TARIFF_NOT_FOUND when there is none. */
  update(id: string, change: { name?: string | undefined; periods?: Tariff['periods'] | undefined }): Promise<Tariff>;
  get(id: string): Promise<Tariff | null>;
  /** By id; an operator's only, when given. */
  list(filter: { operatorId?: string | undefined }): Promise<Tariff[]>;
  /** TARIFF_NOT_FOUND when there is none. */
  delete(id: string): Promise<void>;
}
