/** Reading the demo fleet and admin key written by the server's seed into DATA_DIR. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TEMPLATES } from './templates.js';
import type { City, FleetStation, FleetToken } from './templates.js';
import type { EvseSpec, OcppVersion } from './station/types.js';

export interface DemoFleetFile {
  stations: Array<{
    id: string;
    password: string;
    ocppVersion: OcppVersion;
    operatorId: string;
    city: City;
    locationId?: string;
    evses: EvseSpec[];
  }>;
  tokens: FleetToken[];
}

export function dataDir(explicit?: string): string {
  return explicit ?? process.env['DATA_DIR'] ?? './data';
}

export async function readAdminKey(dir?: string): Promise<string | undefined> {
  if (process.env['ADMIN_API_KEY']) return process.env['ADMIN_API_KEY'];
  try {
    return (await readFile(join(dataDir(dir), 'admin-api-key'), 'utf8')).trim();
  } catch {
    return undefined;
  }
}

/** Load the demo fleet and turn it into station specs (vendor/model inferred from the layout). */
export async function loadDemoFleet(dir?: string): Promise<{ stations: FleetStation[]; tokens: FleetToken[] }> {
  const path = join(dataDir(dir), 'demo-fleet.json');
  const file = JSON.parse(await readFile(path, 'utf8')) as DemoFleetFile;
  const stations = file.stations.map((s): FleetStation => {
    const connectors = s.evses.flatMap((e) => e.connectors);
    const dc = connectors.some((c) => c.standard !== 'GBT_AC' && c.standard !== 'TYPE2');
    const template = !dc ? TEMPLATES.acWallbox7 : s.evses.length > 1 ? TEMPLATES.dc120Dual : TEMPLATES.dc60;
    return {
      id: s.id,
      password: s.password,
      ocppVersion: s.ocppVersion,
      vendor: template.vendor,
      model: template.model,
      serialNumber: `SN-${s.id}`.slice(0, 25),
      firmwareVersion: template.firmwareVersion,
      evses: s.evses,
      operatorId: s.operatorId,
      locationId: s.locationId ?? '',
      city: s.city,
      template: template.key,
    };
  });
  return { stations, tokens: file.tokens };
}
