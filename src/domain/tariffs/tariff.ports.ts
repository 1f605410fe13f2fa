import type { Tariff, TariffVersion } from './tariff.model.js';

/** A change to a tariff's versions, decided on the versions as stored (under a lock). */
export interface VersionChange {
  /** A version to add. */
  readonly add?: TariffVersion | undefined;
  /** An existing version whose validTo changes (the one a new version ends, or withdrawal reopens). */
  readonly end?: TariffVersion | undefined;
  /** A version to remove (withdrawn before it took effect). */
  readonly remove?: number | undefined;
  /** A new name, changed in the same transaction (a refused price change renames nothing). */
  readonly rename?: string | undefined;
}

export interface TariffRepository {
  /** The tariff with its first version; TARIFF_ALREADY_EXISTS when the id is taken. */
  create(t: Tariff): Promise<Tariff>;
  get(id: string): Promise<Tariff | null>;
  /** By id; an operator's only, when given. */
  list(filter: { operatorId?: string | undefined }): Promise<Tariff[]>;
  /** TARIFF_NOT_FOUND when there is none. */
  rename(id: string, name: string): Promise<Tariff>;
  /**
   * Locks the tariff, lets `decide` compute the change from its stored versions, and stores it in
   * the same transaction; TARIFF_NOT_FOUND when there is none.
   */
  changeVersions(id: string, decide: (t: Tariff) => VersionChange): Promise<Tariff>;
  /**
   * Withdraws the tariff at `at`: it is no longer listed or found, a version in force ends then and
   * versions not yet in force are dropped; what was in force before stays for pricing the sessions
   * that charged while it was. TARIFF_NOT_FOUND when there is none.
   */
  delete(id: string, at: Date): Promise<void>;
}
