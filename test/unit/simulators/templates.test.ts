import { describe, it, expect } from 'vitest';
import { CITIES, CITY_RADIUS_DEG, TEMPLATES, generateFleet, spreadV16, stationPassword } from '../../../simulators/templates.js';

describe('station templates', () => {
  it('describe a 7 kW GB/T AC wallbox, a 60 kW DC and a dual-gun 120 kW DC charger', () => {
    expect(TEMPLATES.acWallbox7.evses).toHaveLength(1);
    expect(TEMPLATES.acWallbox7.evses[0]?.connectors[0]).toMatchObject({ standard: 'GBT_AC', maxPowerKw: 7 });
    expect(TEMPLATES.dc60.evses[0]?.connectors[0]).toMatchObject({ standard: 'GBT_DC', maxPowerKw: 60 });
    expect(TEMPLATES.dc120Dual.evses.map((e) => e.evseId)).toEqual([1, 2]);
  });
});

describe('generateFleet', () => {
  const fleet = generateFleet({ count: 30, v16Fraction: 0.4, seed: 42 });

  it('names stations per city: CSA-0001, ZZ-0001, XT-0001', () => {
    expect(fleet.stations.slice(0, 3).map((s) => s.id)).toEqual(['CSA-0001', 'ZZ-0001', 'XT-0001']);
    expect(fleet.stations.filter((s) => s.city === 'Changsha')).toHaveLength(10);
    expect(new Set(fleet.stations.map((s) => s.id)).size).toBe(30);
  });

  it('honours the version mix', () => {
    expect(fleet.stations.filter((s) => s.ocppVersion === '1.6')).toHaveLength(12);
    expect(fleet.stations.filter((s) => s.ocppVersion === '2.0.1')).toHaveLength(18);
    expect(generateFleet({ count: 5, v16Fraction: 1 }).stations.every((s) => s.ocppVersion === '1.6')).toBe(true);
    expect(generateFleet({ count: 5, v16Fraction: 0 }).stations.every((s) => s.ocppVersion === '2.0.1')).toBe(true);
  });

  it('places every location inside its city and links stations to a location of their city', () => {
    for (const loc of fleet.locations) {
      const city = CITIES.find((c) => c.city === loc.city);
      expect(city).toBeDefined();
      const d = Math.hypot(loc.lat - (city?.center.lat ?? 0), loc.lng - (city?.center.lng ?? 0));
      expect(d).toBeLessThanOrEqual(CITY_RADIUS_DEG + 1e-6);
    }
    for (const s of fleet.stations) {
      const loc = fleet.locations.find((l) => l.id === s.locationId);
      expect(loc?.city).toBe(s.city);
      expect(loc?.operatorId).toBe(s.operatorId);
    }
  });

  it('gives each station a 16–40 character password, stable for a seed', () => {
    for (const s of fleet.stations) {
      expect(s.password.length).toBeGreaterThanOrEqual(16);
      expect(s.password.length).toBeLessThanOrEqual(40);
    }
    expect(stationPassword('CSA-0001', 42)).toBe(fleet.stations[0]?.password);
    expect(generateFleet({ count: 30, v16Fraction: 0.4, seed: 42 })).toEqual(fleet);
  });

  it('has CPO operators per city, an EMSP, and tokens issued by the EMSP', () => {
    expect(fleet.operators.filter((o) => o.roles.includes('CPO'))).toHaveLength(3);
    const emsp = fleet.operators.find((o) => o.roles.includes('EMSP'));
    expect(fleet.tokens.length).toBeGreaterThan(0);
    expect(fleet.tokens.every((t) => t.operatorId === emsp?.id && t.uid.length <= 20)).toBe(true);
  });

  it('applies an id prefix everywhere', () => {
    const f = generateFleet({ count: 3, v16Fraction: 0.5, idPrefix: 'SIM-' });
    expect(f.stations[0]?.id).toBe('SIM-CSA-0001');
    expect(f.stations[0]?.operatorId).toBe('SIM-OP-CSA');
    expect(f.locations[0]?.id.startsWith('SIM-')).toBe(true);
  });
});

describe('spreadV16', () => {
  it('selects exactly the requested count', () => {
    for (const [count, v16] of [[10, 3], [7, 7], [100, 50], [1, 0]] as const) {
      let n = 0;
      for (let i = 0; i < count; i++) if (spreadV16(i, count, v16)) n++;
      expect(n).toBe(v16);
    }
  });
});
