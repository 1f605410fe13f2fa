import { createHash } from 'node:crypto';
import type { City, OperatorRole } from '../domain/catalog/index.js';
import type { ConnectorStandard } from '../domain/stations/index.js';
import type { TariffPeriodInput } from '../domain/tariffs/index.js';

export interface DemoStation {
  id: string;
  operatorId: string;
  locationId: string;
  ocppVersion: '1.6' | '2.0.1';
  city: City;
  evses: { evseId: number; connectors: { connectorId: number; standard: ConnectorStandard; maxPowerKw: number }[] }[];
}

export interface DemoData {
  operators: { id: string; name: string; roles: OperatorRole[] }[];
  locations: { id: string; operatorId: string; name: string; city: City; district: string; address: string; lat: number; lng: number }[];
  stations: DemoStation[];
  tokens: { uid: string; operatorId: string; status: 'Accepted' | 'Blocked' | 'Expired' }[];
  /** Who may charge where: Xianglu's app everywhere, State Grid's cards at Changxing in Changsha only. */
  agreements: { id: string; providerId: string; operatorId: string; validFrom: Date; cities?: City[] }[];
  /** One default tariff per charge point operator. */
  /** Per charge point operator a default and a dearer DC fast-charging tariff (with an idle fee), from 2026-01-01. */
  tariffs: {
    id: string;
    operatorId: string;
    name: string;
    powerType?: 'DC';
    validFrom: Date;
    periods: TariffPeriodInput[];
    idleFee?: { perMinute: string; graceMinutes: number; dailyCap: string };
  }[];
}

/** Peak, flat and valley hours in the style of Hunan's time-of-use electricity prices (CNY per kWh). */
function peakValley(serviceFee: string): TariffPeriodInput[] {
  const valley = '0.3000';
  const flat = '0.6200';
  const peak = '0.9500';
  return [
    { startsAt: '00:00', energyPricePerKwh: valley, serviceFeePerKwh: serviceFee, tier: 'valley' },
    { startsAt: '07:00', energyPricePerKwh: flat, serviceFeePerKwh: serviceFee, tier: 'flat' },
    { startsAt: '10:00', energyPricePerKwh: peak, serviceFeePerKwh: serviceFee, tier: 'peak' },
    { startsAt: '12:00', energyPricePerKwh: flat, serviceFeePerKwh: serviceFee, tier: 'flat' },
    { startsAt: '18:00', energyPricePerKwh: peak, serviceFeePerKwh: serviceFee, tier: 'peak' },
    { startsAt: '23:00', energyPricePerKwh: valley, serviceFeePerKwh: serviceFee, tier: 'valley' },
  ];
}

const SERVICE_FEES: Record<string, string> = { 'XJ-STATE-GRID': '0.8000', 'XJ-CHANGXING': '0.7000', 'XJ-ZHUDIAN': '0.6000' };

const OPERATORS: DemoData['operators'] = [
  { id: 'XJ-STATE-GRID', name: '国网湖南电动汽车服务 State Grid Hunan EV Service', roles: ['CPO', 'EMSP'] },
  { id: 'XJ-CHANGXING', name: '长兴充电 Changxing Charging', roles: ['CPO'] },
  { id: 'XJ-ZHUDIAN', name: '株电快充 Zhudian Fast Charge', roles: ['CPO'] },
  { id: 'XJ-XIANGLU', name: '湘路出行 Xianglu Mobility', roles: ['EMSP'] },
];

/** Real-looking sites inside each city (WGS 84). */
const SITES: { city: City; district: string; name: string; address: string; lat: number; lng: number; operatorId: string }[] = [
  { city: 'Changsha', district: '岳麓区 Yuelu', name: '梅溪湖国际文化艺术中心停车场', address: '岳麓区梅溪湖路', lat: 28.1952, lng: 112.8977, operatorId: 'XJ-STATE-GRID' },
  { city: 'Changsha', district: '芙蓉区 Furong', name: '五一广场地下停车场', address: '芙蓉区五一大道', lat: 28.1963, lng: 112.9769, operatorId: 'XJ-CHANGXING' },
  { city: 'Changsha', district: '开福区 Kaifu', name: '长沙火车站北广场', address: '芙蓉区车站中路', lat: 28.1965, lng: 113.0136, operatorId: 'XJ-STATE-GRID' },
  { city: 'Changsha', district: '雨花区 Yuhua', name: '长沙南站东广场', address: '雨花区花侯路', lat: 28.1483, lng: 113.0646, operatorId: 'XJ-CHANGXING' },
  { city: 'Changsha', district: '天心区 Tianxin', name: '湘江新区滨江充电站', address: '天心区湘江中路', lat: 28.1765, lng: 112.9662, operatorId: 'XJ-STATE-GRID' },
  { city: 'Zhuzhou', district: '天元区 Tianyuan', name: '株洲西站充电站', address: '天元区株洲大道', lat: 27.8312, lng: 113.0647, operatorId: 'XJ-ZHUDIAN' },
  { city: 'Zhuzhou', district: '芦淞区 Lusong', name: '芦淞服饰城停车场', address: '芦淞区建设南路', lat: 27.8266, lng: 113.1508, operatorId: 'XJ-ZHUDIAN' },
  { city: 'Zhuzhou', district: '荷塘区 Hetang', name: '神农公园充电站', address: '天元区神农大道', lat: 27.8273, lng: 113.1205, operatorId: 'XJ-STATE-GRID' },
  { city: 'Zhuzhou', district: '石峰区 Shifeng', name: '田心中车园区充电站', address: '石峰区田心大道', lat: 27.8893, lng: 113.1442, operatorId: 'XJ-ZHUDIAN' },
  { city: 'Xiangtan', district: '岳塘区 Yuetang', name: '湘潭北站充电站', address: '岳塘区芙蓉大道', lat: 27.8832, lng: 112.9728, operatorId: 'XJ-STATE-GRID' },
  { city: 'Xiangtan', district: '雨湖区 Yuhu', name: '湘潭大学南门停车场', address: '雨湖区羊牯塘', lat: 27.8817, lng: 112.8613, operatorId: 'XJ-CHANGXING' },
  { city: 'Xiangtan', district: '岳塘区 Yuetang', name: '万达广场充电站', address: '岳塘区建设北路', lat: 27.8606, lng: 112.9401, operatorId: 'XJ-STATE-GRID' },
  { city: 'Xiangtan', district: '韶山市 Shaoshan', name: '韶山游客中心充电站', address: '韶山市韶山南路', lat: 27.9137, lng: 112.5264, operatorId: 'XJ-STATE-GRID' },
];

const CITY_CODE: Record<City, string> = { Changsha: 'CSA', Zhuzhou: 'ZZ', Xiangtan: 'XT' };

/** A deterministic demo set: each site gets an AC wallbox pair and a DC charger, versions mixed. */
export function demoData(): DemoData {
  const locations = SITES.map((s, i) => ({ id: `LOC-${CITY_CODE[s.city]}-${String(i + 1).padStart(2, '0')}`, ...s }));
  const stations: DemoStation[] = [];
  locations.forEach((loc, i) => {
    const code = CITY_CODE[loc.city];
    const n = (k: number) => `${code}-${String(i * 3 + k).padStart(4, '0')}`;
    stations.push(
      { id: n(1), operatorId: loc.operatorId, locationId: loc.id, ocppVersion: '1.6', city: loc.city, evses: [{ evseId: 1, connectors: [{ connectorId: 1, standard: 'GBT_AC', maxPowerKw: 7 }] }] },
      { id: n(2), operatorId: loc.operatorId, locationId: loc.id, ocppVersion: '2.0.1', city: loc.city, evses: [{ evseId: 1, connectors: [{ connectorId: 1, standard: 'GBT_AC', maxPowerKw: 7 }] }] },
      {
        id: n(3),
        operatorId: loc.operatorId,
        locationId: loc.id,
        ocppVersion: i % 2 === 0 ? '2.0.1' : '1.6',
        city: loc.city,
        evses: [
          { evseId: 1, connectors: [{ connectorId: 1, standard: 'GBT_DC', maxPowerKw: i % 3 === 0 ? 120 : 60 }] },
          { evseId: 2, connectors: [{ connectorId: 1, standard: 'GBT_DC', maxPowerKw: i % 3 === 0 ? 120 : 60 }] },
        ],
      },
    );
  });
  const tokens: DemoData['tokens'] = [];
  for (const op of OPERATORS) {
    for (let k = 1; k <= 5; k++) tokens.push({ uid: `${op.id.slice(3, 7)}${String(k).padStart(4, '0')}`, operatorId: op.id, status: 'Accepted' });
  }
  tokens.push({ uid: 'BLOCKED0001', operatorId: 'XJ-XIANGLU', status: 'Blocked' }, { uid: 'EXPIRED0001', operatorId: 'XJ-XIANGLU', status: 'Expired' });
  const since = new Date('2026-01-01T00:00:00+08:00');
  const tariffs: DemoData['tariffs'] = OPERATORS.filter((op) => op.roles.includes('CPO')).flatMap((op) => [
    { id: `${op.id}-TOU`, operatorId: op.id, name: 'Peak and valley', validFrom: since, periods: peakValley(SERVICE_FEES[op.id] ?? '0.8000') },
    {
      id: `${op.id}-DC`,
      operatorId: op.id,
      name: 'DC fast charging',
      powerType: 'DC' as const,
      validFrom: since,
      periods: peakValley((Number(SERVICE_FEES[op.id] ?? '0.8000') + 0.2).toFixed(4)),
      idleFee: { perMinute: '0.5000', graceMinutes: 15, dailyCap: '50.00' },
    },
  ]);
  const agreements: DemoData['agreements'] = [
    ...['XJ-STATE-GRID', 'XJ-CHANGXING', 'XJ-ZHUDIAN'].map((cpo) => ({ id: `AGR-XIANGLU-${cpo.slice(3)}`, providerId: 'XJ-XIANGLU', operatorId: cpo, validFrom: since })),
    { id: 'AGR-STATE-GRID-CHANGXING', providerId: 'XJ-STATE-GRID', operatorId: 'XJ-CHANGXING', validFrom: since, cities: ['Changsha'] },
  ];
  return { operators: OPERATORS, locations, stations, tokens, agreements, tariffs };
}

/** Station keys derived from a per-installation secret: reproducible for the simulator, unguessable without it. */
export function demoStationPassword(secret: string, stationId: string): string {
  return createHash('sha256').update(secret).update(stationId).digest('base64url').slice(0, 32);
}
