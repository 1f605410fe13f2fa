import { describe, expect, it } from 'vitest';
import type { CatalogLocation } from '../../../../src/domain/availability/availability.model.js';
import type { LiveStationState } from '../../../../src/domain/availability/live-status.ports.js';
import { CONNECTOR_STATUSES } from '../../../../src/domain/stations/connector-status.js';
import {
  areaCodeOf,
  areaOfCode,
  connectorTypeOf,
  equipmentTypeOf,
  gcj02ToWgs84,
  parseTcecConnectorId,
  partnerScopedId,
  partnerStationEntry,
  stationInfoOf,
  stationStatusInfoOf,
  statusFromTcec,
  tcecConnectorId,
  tcecStatusOf,
  wgs84ToGcj02,
} from '../../../../src/roaming/tcec/mappers/index.js';

// Expected GCJ-02 values computed with an independent implementation of the published
// transformation (Python, the Krasovsky-ellipsoid formula), not with the library under test.
const MEIXIHU_WGS = { lat: 28.1952, lng: 112.8977 };
const MEIXIHU_GCJ = { lat: 28.191663, lng: 112.9031 };

const location: CatalogLocation = {
  id: 'LOC-YUELU-1',
  operatorId: 'XJ-STATE-GRID',
  name: '梅溪湖国际文化艺术中心停车场',
  city: 'Changsha',
  district: '岳麓区 Yuelu',
  address: '岳麓区梅溪湖路',
  ...MEIXIHU_WGS,
  timeZone: 'Asia/Shanghai',
  stations: [
    { id: 'CS-DC-01', evses: [{ evseNo: 1, connectors: [{ connectorNo: 1, standard: 'GBT_DC', maxPowerW: 120_000 }] }, { evseNo: 2, connectors: [{ connectorNo: 1, standard: 'GBT_DC', maxPowerW: 120_000 }] }] },
    { id: 'CS-AC-01', evses: [{ evseNo: 1, connectors: [{ connectorNo: 1, standard: 'GBT_AC', maxPowerW: 7_000 }] }] },
  ],
  tariff: null,
};

describe('coordinates', () => {
  it('converts WGS-84 to GCJ-02 as the published formula does, to 6 decimals', () => {
    expect(wgs84ToGcj02(MEIXIHU_WGS)).toEqual(MEIXIHU_GCJ);
    expect(wgs84ToGcj02({ lat: 27.8312, lng: 113.0647 })).toEqual({ lat: 27.828059, lng: 113.070513 });
  });
  it('comes back from GCJ-02 to within a metre', () => {
    const back = gcj02ToWgs84(MEIXIHU_GCJ);
    expect(Math.abs(back.lat - MEIXIHU_WGS.lat)).toBeLessThan(1e-5);
    expect(Math.abs(back.lng - MEIXIHU_WGS.lng)).toBeLessThan(1e-5);
  });
});

describe('area codes', () => {
  it('finds a district by its Chinese or English name, else the city', () => {
    expect(areaCodeOf('Changsha', '岳麓区 Yuelu')).toBe('430104');
    expect(areaCodeOf('Changsha', 'Yuhua')).toBe('430111');
    expect(areaCodeOf('Zhuzhou', '天元区')).toBe('430211');
    expect(areaCodeOf('Xiangtan', '韶山市 Shaoshan')).toBe('430382');
    expect(areaCodeOf('Xiangtan', null)).toBe('430300');
    expect(areaCodeOf('Zhuzhou', 'nowhere')).toBe('430200');
  });
  it('reads a code back to city and district; outside the three cities is undefined', () => {
    expect(areaOfCode('430304')).toEqual({ city: 'Xiangtan', district: '岳塘区 Yuetang' });
    expect(areaOfCode('430199')).toEqual({ city: 'Changsha', district: null });
    expect(areaOfCode('110101')).toBeUndefined();
  });
});

describe('connector kinds and ids', () => {
  it('types equipment by the currents of its connectors', () => {
    expect(equipmentTypeOf(['GBT_DC', 'GBT_DC'])).toBe(1);
    expect(equipmentTypeOf(['GBT_AC'])).toBe(2);
    expect(equipmentTypeOf(['GBT_AC', 'GBT_DC'])).toBe(3);
    expect(equipmentTypeOf(['UNKNOWN'])).toBe(5);
    expect(connectorTypeOf('GBT_DC')).toBe(4);
    expect(connectorTypeOf('GBT_AC')).toBe(3);
    expect(connectorTypeOf('UNKNOWN')).toBe(6);
  });
  it('names a connector by station, EVSE and connector, and reads it back (dots in station ids too)', () => {
    expect(tcecConnectorId('CS.A-01', 2, 1)).toBe('CS.A-01.2.1');
    expect(parseTcecConnectorId('CS.A-01.2.1')).toEqual({ stationId: 'CS.A-01', evseNo: 2, connectorNo: 1 });
    expect(parseTcecConnectorId('no-numbers')).toBeUndefined();
  });
});

describe('status codes', () => {
  it('maps every live status to a T/CEC code and an offline station to 0', () => {
    expect(CONNECTOR_STATUSES.map((s) => tcecStatusOf(s))).toEqual([1, 2, 3, 2, 2, 4, 255, 255, 0, 0]);
    expect(tcecStatusOf('CHARGING', true)).toBe(0);
  });
  it('reads partner codes back, unknown codes as UNKNOWN', () => {
    expect([0, 1, 2, 3, 4, 255, 7].map(statusFromTcec)).toEqual(['OFFLINE', 'AVAILABLE', 'PREPARING', 'CHARGING', 'RESERVED', 'FAULTED', 'UNKNOWN']);
  });
});

describe('stationInfoOf', () => {
  const info = stationInfoOf(location, { operatorId: 'MA5XJ0001', serviceTel: '0731-12345678', equipment: (id) => (id === 'CS-DC-01' ? { vendor: 'XJ', model: 'DC120' } : undefined) });

  it('describes the location as a station in GCJ-02 with its area code', () => {
    expect(info).toMatchObject({ StationID: 'LOC-YUELU-1', OperatorID: 'MA5XJ0001', EquipmentOwnerID: 'MA5XJ0001', CountryCode: 'CN', AreaCode: '430104', StationLng: 112.9031, StationLat: 28.191663, StationStatus: 50, StationType: 1 });
  });
  it('makes every charger an equipment and every connector a ConnectorInfo', () => {
    expect(info.EquipmentInfos.map((e) => [e.EquipmentID, e.EquipmentType, e.Power, e.EquipmentModel])).toEqual([
      ['CS-DC-01', 1, 240, 'DC120'],
      ['CS-AC-01', 2, 7, undefined],
    ]);
    expect(info.EquipmentInfos[0]!.ConnectorInfos[1]).toEqual({
      ConnectorID: 'CS-DC-01.2.1',
      ConnectorName: '2-1',
      ConnectorType: 4,
      VoltageUpperLimits: 750,
      VoltageLowerLimits: 200,
      Current: 160,
      Power: 120,
      NationalStandard: 2,
    });
    expect(info.EquipmentInfos[1]!.ConnectorInfos[0]).toMatchObject({ ConnectorType: 3, VoltageUpperLimits: 220, Current: 32, Power: 7 });
  });
  it('gives live statuses per connector, offline chargers as 0, never-reported as 0', () => {
    const live = (id: string): LiveStationState =>
      id === 'CS-DC-01'
        ? { statuses: [{ stationId: id, evseNo: 1, connectorNo: 1, status: 'CHARGING', at: '' }, { stationId: id, evseNo: 2, connectorNo: 1, status: 'AVAILABLE', at: '' }], offline: false }
        : { statuses: [], offline: false };
    expect(stationStatusInfoOf(location, live)).toEqual({
      StationID: 'LOC-YUELU-1',
      ConnectorStatusInfos: [
        { ConnectorID: 'CS-DC-01.1.1', Status: 3 },
        { ConnectorID: 'CS-DC-01.2.1', Status: 1 },
        { ConnectorID: 'CS-AC-01.1.1', Status: 0 },
      ],
    });
    expect(stationStatusInfoOf(location, (id) => ({ statuses: live(id).statuses, offline: true })).ConnectorStatusInfos.map((c) => c.Status)).toEqual([0, 0, 0]);
  });
});

describe('partnerStationEntry (driver side)', () => {
  const ours = stationInfoOf(location, { operatorId: 'MA5XJ0001', serviceTel: '0731-12345678' });

  it('turns a partner station into a location of the partner with WGS-84 position and its connectors mapped', () => {
    const r = partnerStationEntry('PARTNER-A', ours);
    if (!r.ok) throw new Error(r.reason);
    expect(r.entry.location).toMatchObject({ id: 'PARTNER-A-LOC-YUELU-1', operatorId: 'PARTNER-A', city: 'Changsha', district: '岳麓区 Yuelu' });
    expect(Math.abs(r.entry.location.lat - MEIXIHU_WGS.lat)).toBeLessThan(1e-5);
    expect(r.entry.stations.map((s) => [s.id, s.passwordHash, s.registrationStatus, s.evses.map((e) => e.connectors[0]!.standard)])).toEqual([
      ['PARTNER-A-CS-DC-01', null, 'Rejected', ['GBT_DC', 'GBT_DC']],
      ['PARTNER-A-CS-AC-01', null, 'Rejected', ['GBT_AC']],
    ]);
    expect(r.entry.connectors).toContainEqual({ partnerConnectorId: 'CS-DC-01.2.1', stationId: 'PARTNER-A-CS-DC-01', evseNo: 2, connectorNo: 1 });
  });
  it('leaves out stations outside the three cities, and keeps long or odd ids within our identifier rules', () => {
    expect(partnerStationEntry('P', { ...ours, AreaCode: '110101' }).ok).toBe(false);
    const id = partnerScopedId('PARTNER-WITH-A-LONG-NAME', '站点/00000000000000000001');
    expect(id).toMatch(/^[A-Za-z0-9._~-]{1,36}$/);
    expect(partnerScopedId('PARTNER-WITH-A-LONG-NAME', '站点/00000000000000000002')).not.toBe(id);
  });
});
