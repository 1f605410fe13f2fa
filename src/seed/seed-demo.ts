import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CatalogService } from '../domain/catalog/index.js';
import type { AgreementService } from '../domain/agreements/index.js';
import type { TariffService } from '../domain/tariffs/index.js';
import { isAppError } from '../shared/errors.js';
import { demoData, demoStationPassword } from './demo-data.js';

export interface SeedResult {
  created: { operators: number; agreements: number; locations: number; stations: number; tokens: number; tariffs: number };
  fleetFile: string;
}

const ignoreExisting = async (op: () => Promise<unknown>): Promise<boolean> => {
  try {
    await op();
    return true;
  } catch (e) {
    if (isAppError(e) && e.code.endsWith('_ALREADY_EXISTS')) return false;
    throw e;
  }
};

/**
 * Loads the three-city demo set through the same rules as the admin API (idempotent: existing
 * rows are left alone) and writes DATA_DIR/demo-fleet.json with the station keys for the simulator.
 */
export async function seedDemo(catalog: CatalogService, tariffs: TariffService, agreements: AgreementService, dataDir: string, secret: string): Promise<SeedResult> {
  const data = demoData();
  const created = { operators: 0, agreements: 0, locations: 0, stations: 0, tokens: 0, tariffs: 0 };
  for (const op of data.operators) if (await ignoreExisting(() => catalog.repo.createOperator(op))) created.operators++;
  for (const a of data.agreements) if (await ignoreExisting(() => agreements.create(a))) created.agreements++;
  for (const loc of data.locations) {
    if (await ignoreExisting(() => catalog.createLocation({ ...loc, timeZone: 'Asia/Shanghai' }))) created.locations++;
  }
  const fleet = [];
  for (const s of data.stations) {
    const password = demoStationPassword(secret, s.id);
    if (await ignoreExisting(() => catalog.createStation({ id: s.id, operatorId: s.operatorId, locationId: s.locationId, password, evses: s.evses }))) {
      created.stations++;
    }
    fleet.push({ ...s, password });
  }
  for (const t of data.tokens) {
    if (await ignoreExisting(() => catalog.repo.createToken({ ...t, type: 'ISO14443', expiresAt: null, groupId: null }))) created.tokens++;
  }
  for (const t of data.tariffs) if (await ignoreExisting(() => tariffs.create(t))) created.tariffs++;
  await mkdir(dataDir, { recursive: true });
  const fleetFile = join(dataDir, 'demo-fleet.json');
  const tokens = data.tokens.filter((t) => t.status === 'Accepted').map(({ uid, operatorId }) => ({ uid, operatorId }));
  await writeFile(fleetFile, JSON.stringify({ stations: fleet, tokens }, null, 2), { mode: 0o600 });
  return { created, fleetFile };
}
