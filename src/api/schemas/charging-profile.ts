import { Type } from 'typebox';
import { CHARGING_PROFILE_KINDS, CHARGING_PROFILE_PURPOSES, CHARGING_RATE_UNITS } from '../../domain/smart-charging/charging-profile.js';

/** A charging profile as operators send it, the same for both OCPP versions (1.6 calls ChargingStationMaxProfile ChargePointMaxProfile). */
export const ChargingProfileInput = Type.Object(
  {
    id: Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'A profile with the same id at the station is replaced' }),
    stackLevel: Type.Integer({ minimum: 0, maximum: 99 }),
    purpose: Type.Enum(CHARGING_PROFILE_PURPOSES, { description: 'TxProfile: give sessionId (and that session\'s evseId) to bind it to that transaction; without, it is for whatever transaction runs on evseId, and the station rejects it when none does' }),
    kind: Type.Enum(CHARGING_PROFILE_KINDS),
    recurrencyKind: Type.Optional(Type.Enum(['Daily', 'Weekly'])),
    validFrom: Type.Optional(Type.String({ format: 'date-time' })),
    validTo: Type.Optional(Type.String({ format: 'date-time' })),
    schedule: Type.Object(
      {
        rateUnit: Type.Enum(CHARGING_RATE_UNITS, { description: 'W, or A per phase' }),
        startSchedule: Type.Optional(Type.String({ format: 'date-time' })),
        duration: Type.Optional(Type.Integer({ minimum: 1, description: 'seconds' })),
        minRate: Type.Optional(Type.Number({ minimum: 0, description: 'in steps of 0.1' })),
        periods: Type.Array(
          Type.Object(
            {
              startPeriod: Type.Integer({ minimum: 0, description: 'seconds from the start of the schedule' }),
              limit: Type.Number({ minimum: 0, maximum: 10_000_000, description: 'in steps of 0.1 (both OCPP versions)' }),
              numberPhases: Type.Optional(Type.Integer({ minimum: 1, maximum: 3 })),
            },
            { additionalProperties: false },
          ),
          { minItems: 1, maxItems: 24 },
        ),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
