import { Decimal } from 'decimal.js';

/** A meter reading normalised to base units (Wh, W, A, V, %, …), ready to store. */
export interface MeterSample {
  readonly sampledAt: Date;
  readonly measurand: string;
  readonly phase: string;
  readonly location: string;
  readonly context: string;
  /** Exact decimal string. */
  readonly value: string;
  readonly unit: string;
  readonly signed: boolean;
}

export interface RawSampledValue {
  readonly value: string | number;
  readonly measurand?: string | undefined;
  readonly phase?: string | undefined;
  readonly location?: string | undefined;
  readonly context?: string | undefined;
  readonly unit?: string | undefined;
  /** 2.0.1 unitOfMeasure.multiplier: a power of ten. */
  readonly multiplier?: number | undefined;
  readonly format?: string | undefined;
  readonly signed?: boolean | undefined;
}

export const ENERGY_REGISTER = 'Energy.Active.Import.Register';

const KILO: Record<string, string> = { kWh: 'Wh', kW: 'W', kvar: 'var', kvarh: 'varh', kVA: 'VA' };

/** Default units per OCPP when a sampled value omits one. */
function defaultUnit(measurand: string): string {
  if (measurand.startsWith('Energy.Reactive')) return 'varh';
  if (measurand.startsWith('Energy')) return 'Wh';
  if (measurand.startsWith('Power.Reactive')) return 'var';
  if (measurand.startsWith('Power')) return 'W';
  if (measurand.startsWith('Current')) return 'A';
  if (measurand === 'Voltage') return 'V';
  if (measurand === 'SoC') return 'Percent';
  return '';
}

/** Returns undefined for a value that is not a number (e.g. SignedData raw payloads). */
export function normaliseSample(raw: RawSampledValue, sampledAt: Date): MeterSample | undefined {
  const measurand = raw.measurand ?? ENERGY_REGISTER;
  let value: Decimal;
  try {
    value = new Decimal(raw.value);
  } catch {
    return undefined;
  }
  if (!value.isFinite()) return undefined;
  let unit = raw.unit ?? defaultUnit(measurand);
  if (raw.multiplier) value = value.times(new Decimal(10).pow(raw.multiplier));
  const base = KILO[unit];
  if (base) {
    value = value.times(1000);
    unit = base;
  }
  return {
    sampledAt,
    measurand,
    phase: raw.phase ?? '',
    location: raw.location ?? '',
    context: raw.context ?? 'Sample.Periodic',
    value: value.toDecimalPlaces(4).toString(),
    unit,
    signed: raw.signed === true || raw.format === 'SignedData',
  };
}

/** The energy register in whole Wh, if the samples carry one (outlet location preferred). */
export function energyRegisterWh(samples: readonly MeterSample[], context?: string): number | undefined {
  const candidates = samples.filter(
    (s) => s.measurand === ENERGY_REGISTER && s.unit === 'Wh' && s.phase === '' && (!context || s.context === context),
  );
  const pick = candidates.find((s) => s.location === 'Outlet' || s.location === '') ?? candidates[0];
  return pick ? new Decimal(pick.value).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber() : undefined;
}
