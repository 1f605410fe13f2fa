import { normaliseSample, type MeterSample } from '../domain/sessions/index.js';

interface WireSampledValue {
  value: string | number;
  measurand?: string;
  phase?: string;
  location?: string;
  context?: string;
  unit?: string;
  format?: string;
  unitOfMeasure?: { unit?: string; multiplier?: number };
  signedMeterValue?: unknown;
}

export interface WireMeterValue {
  timestamp: string;
  sampledValue: WireSampledValue[];
}

/** Both versions' MeterValue arrays: 1.6 carries `unit`/`format`, 2.0.1 `unitOfMeasure`/`signedMeterValue`. */
export function samplesFromWire(meterValues: readonly WireMeterValue[] | undefined, fallbackContext?: string): MeterSample[] {
  const out: MeterSample[] = [];
  for (const mv of meterValues ?? []) {
    const at = new Date(mv.timestamp);
    for (const sv of mv.sampledValue) {
      const s = normaliseSample(
        {
          value: sv.value,
          measurand: sv.measurand,
          phase: sv.phase,
          location: sv.location,
          context: sv.context ?? fallbackContext,
          unit: sv.unit ?? sv.unitOfMeasure?.unit,
          multiplier: sv.unitOfMeasure?.multiplier,
          format: sv.format,
          signed: sv.signedMeterValue !== undefined,
        },
        at,
      );
      if (s) out.push(s);
    }
  }
  return out;
}
