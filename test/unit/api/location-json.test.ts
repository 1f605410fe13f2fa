import { describe, expect, it } from 'vitest';
import { LocationJson } from '../../../src/api/location-json.js';
import type { LocationView } from '../../../src/domain/availability/index.js';

const view = (id: string, name: string): LocationView => ({
  id,
  operatorId: 'OP',
  name,
  city: 'Changsha',
  district: '岳麓区',
  address: '麓山南路 932 号',
  lat: 28.1963,
  lng: 112.9769,
  timeZone: 'Asia/Shanghai',
  availableConnectors: 1,
  totalConnectors: 2,
  evses: [{ id: 'S1.1', stationId: 'S1', evseId: 1, status: 'AVAILABLE', connectors: [{ connectorId: 1, standard: 'GBT_DC', maxPowerKw: 120, status: 'AVAILABLE' }] }],
  tariff: null,
});

describe('LocationJson', () => {
  it('a page joined from cached bytes is the JSON of the page, multi-byte names included', () => {
    const json = new LocationJson();
    const a = view('L-1', '五一广场充电站');
    const b = view('L-2', 'Zhuzhou "West" \\ hub');
    const hits = [
      { view: a, distanceKm: 0.123 },
      { view: b, distanceKm: 12 },
    ];
    const page = json.page(hits, 'wgs84', 'WzEyLCJMLTIiXQ');
    expect(JSON.parse(page.toString('utf8'))).toEqual({ items: [{ ...a, distanceKm: 0.123 }, { ...b, distanceKm: 12 }], nextCursor: 'WzEyLCJMLTIiXQ' });
    // Again (from the cache), without a centre, and as the last page.
    const again = json.page([{ view: a, distanceKm: null }], 'wgs84', null);
    expect(JSON.parse(again.toString('utf8'))).toEqual({ items: [{ ...a, distanceKm: null }], nextCursor: null });
    expect(JSON.parse(json.page([], 'wgs84', null).toString('utf8'))).toEqual({ items: [], nextCursor: null });
  });

  it('GCJ-02 answers are written apart from WGS 84 ones', () => {
    const json = new LocationJson();
    const a = view('L-1', 'x');
    const wgs = JSON.parse(json.page([{ view: a, distanceKm: 1 }], 'wgs84', null).toString('utf8')).items[0];
    const gcj = JSON.parse(json.page([{ view: a, distanceKm: 1 }], 'gcj02', null).toString('utf8')).items[0];
    expect(wgs.lat).toBe(a.lat);
    expect(gcj.lat).not.toBe(a.lat);
    expect(Math.abs(gcj.lng - a.lng)).toBeLessThan(0.01);
  });
});
