import * as gcoordModule from 'gcoord';

// gcoord ships CommonJS whose types describe an ES default export: take whichever holds transform().
interface Gcoord {
  transform(input: [number, number], from: string, to: string): [number, number];
  readonly WGS84: string;
  readonly GCJ02: string;
}
const gcoord: Gcoord = (gcoordModule as unknown as { default?: Gcoord }).default ?? (gcoordModule as unknown as Gcoord);

/**
 * Chinese map SDKs (AMap, Tencent) work in GCJ-02; the store keeps WGS 84. With `coords=gcj02`
 * the API reads a search centre in GCJ-02 and answers positions in GCJ-02.
 */
export type CoordSystem = 'wgs84' | 'gcj02';

export function fromClient(p: { lat: number; lng: number }, system: CoordSystem): { lat: number; lng: number } {
  if (system === 'wgs84') return p;
  const [lng, lat] = gcoord.transform([p.lng, p.lat], gcoord.GCJ02, gcoord.WGS84);
  return { lat, lng };
}

export function toClient<T extends { lat: number; lng: number }>(p: T, system: CoordSystem): T {
  if (system === 'wgs84') return p;
  const [lng, lat] = gcoord.transform([p.lng, p.lat], gcoord.WGS84, gcoord.GCJ02);
  return { ...p, lat: Math.round(lat * 1e7) / 1e7, lng: Math.round(lng * 1e7) / 1e7 };
}
