import type { City } from '../../../domain/catalog/catalog.model.js';

/**
 * GB/T 2260 administrative codes of the three cities and their districts, counties and
 * county-level cities (T/CEC AreaCode). Districts are stored as "岳麓区 Yuelu": either name finds
 * the code; an unknown district falls back to the city's own code (4301/4302/4303 + "00").
 */
interface Area {
  readonly code: string;
  readonly city: City;
  readonly zh: string;
  readonly en: string;
}

const AREAS: readonly Area[] = [
  { code: '430102', city: 'Changsha', zh: '芙蓉区', en: 'Furong' },
  { code: '430103', city: 'Changsha', zh: '天心区', en: 'Tianxin' },
  { code: '430104', city: 'Changsha', zh: '岳麓区', en: 'Yuelu' },
  { code: '430105', city: 'Changsha', zh: '开福区', en: 'Kaifu' },
  { code: '430111', city: 'Changsha', zh: '雨花区', en: 'Yuhua' },
  { code: '430112', city: 'Changsha', zh: '望城区', en: 'Wangcheng' },
  { code: '430121', city: 'Changsha', zh: '长沙县', en: 'Changsha County' },
  { code: '430181', city: 'Changsha', zh: '浏阳市', en: 'Liuyang' },
  { code: '430182', city: 'Changsha', zh: '宁乡市', en: 'Ningxiang' },
  { code: '430202', city: 'Zhuzhou', zh: '荷塘区', en: 'Hetang' },
  { code: '430203', city: 'Zhuzhou', zh: '芦淞区', en: 'Lusong' },
  { code: '430204', city: 'Zhuzhou', zh: '石峰区', en: 'Shifeng' },
  { code: '430211', city: 'Zhuzhou', zh: '天元区', en: 'Tianyuan' },
  { code: '430212', city: 'Zhuzhou', zh: '渌口区', en: 'Lukou' },
  { code: '430223', city: 'Zhuzhou', zh: '攸县', en: 'You County' },
  { code: '430224', city: 'Zhuzhou', zh: '茶陵县', en: 'Chaling' },
  { code: '430225', city: 'Zhuzhou', zh: '炎陵县', en: 'Yanling' },
  { code: '430281', city: 'Zhuzhou', zh: '醴陵市', en: 'Liling' },
  { code: '430302', city: 'Xiangtan', zh: '雨湖区', en: 'Yuhu' },
  { code: '430304', city: 'Xiangtan', zh: '岳塘区', en: 'Yuetang' },
  { code: '430321', city: 'Xiangtan', zh: '湘潭县', en: 'Xiangtan County' },
  { code: '430381', city: 'Xiangtan', zh: '湘乡市', en: 'Xiangxiang' },
  { code: '430382', city: 'Xiangtan', zh: '韶山市', en: 'Shaoshan' },
];

const CITY_CODES: Record<City, string> = { Changsha: '430100', Zhuzhou: '430200', Xiangtan: '430300' };

/** "岳麓区 Yuelu", "岳麓区", "Yuelu" and "yuelu district" all name the same area. */
function matches(area: Area, district: string): boolean {
  const d = district.trim().toLowerCase();
  return d.includes(area.zh) || d.split(/\s+/).join(' ').includes(area.en.toLowerCase());
}

export function areaCodeOf(city: City, district: string | null): string {
  if (district) {
    const area = AREAS.find((a) => a.city === city && matches(a, district));
    if (area) return area.code;
  }
  return CITY_CODES[city];
}

/** The city and district an AreaCode names; undefined outside the three cities. */
export function areaOfCode(code: string): { city: City; district: string | null } | undefined {
  const area = AREAS.find((a) => a.code === code);
  if (area) return { city: area.city, district: `${area.zh} ${area.en}` };
  const city = (Object.keys(CITY_CODES) as City[]).find((c) => CITY_CODES[c].slice(0, 4) === code.slice(0, 4));
  return city ? { city, district: null } : undefined;
}
