import type { EnvelopeKeys, EnvelopeProfile, EnvelopeSuiteFactory } from './profile.js';
import { TCEC_2016_SUITE, tcec2016Profile } from './tcec-2016.suite.js';

/** Every envelope suite the platform speaks, by name. A new suite is one more entry. */
export const ENVELOPE_SUITES: Readonly<Record<string, EnvelopeSuiteFactory>> = {
  [TCEC_2016_SUITE]: tcec2016Profile,
};

export const DEFAULT_ENVELOPE_SUITE = TCEC_2016_SUITE;

export function envelopeProfile(keys: EnvelopeKeys, suite: string = DEFAULT_ENVELOPE_SUITE): EnvelopeProfile {
  const factory = ENVELOPE_SUITES[suite];
  if (!factory) throw new Error(`unknown envelope suite ${suite}`);
  return factory(keys);
}
