/**
 * Simulated stations for integration and e2e tests that drive the platform through OCPP.
 * Build a spec with simStationSpec(), provision it through the admin API, then connectAndBoot().
 */
import { SimulatedStation } from '../../simulators/station/station.js';
import type { SimulatedStationOptions } from '../../simulators/station/station.js';
import { TEMPLATES, stationPassword } from '../../simulators/templates.js';
import type { StationSpec, OcppVersion } from '../../simulators/station/types.js';

export type TemplateKey = keyof typeof TEMPLATES;

/** A station spec from a template, with a deterministic 24-character password. */
export function simStationSpec(id: string, ocppVersion: OcppVersion, template: TemplateKey = 'acWallbox7'): StationSpec {
  const t = TEMPLATES[template];
  return {
    id,
    password: stationPassword(id, 1),
    ocppVersion,
    vendor: t.vendor,
    model: t.model,
    serialNumber: `SN-${id}`.slice(0, 25),
    firmwareVersion: t.firmwareVersion,
    evses: structuredClone(t.evses),
  };
}

/** The body of POST /v1/stations for a spec. */
export function stationCreateBody(spec: StationSpec, operatorId: string, locationId: string): Record<string, unknown> {
  return { id: spec.id, operatorId, locationId, password: spec.password, evses: spec.evses };
}

/** Connect, boot and report every connector Available; the caller closes the station. */
export async function connectAndBoot(
  ocppUrl: string,
  spec: StationSpec,
  options: Partial<Omit<SimulatedStationOptions, 'endpoint' | 'spec'>> = {},
): Promise<SimulatedStation> {
  const station = new SimulatedStation({ ...options, endpoint: ocppUrl, spec } as SimulatedStationOptions);
  await station.connect();
  const boot = await station.boot();
  if (boot.status !== 'Accepted') {
    await station.close();
    throw new Error(`${spec.id} boot ${boot.status}`);
  }
  await station.reportAllStatuses();
  return station;
}
