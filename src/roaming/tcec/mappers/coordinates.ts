import * as gcoordModule from 'gcoord';

// gcoord ships CommonJS whose types describe an ES default export: take whichever holds transform().
interface Gcoord {
  transform(input: [number, number], from: string, to: string): [number, number];
  readonly WGS84: string;
  readonly GCJ02: string;
}
const gcoord: Gcoord = (gcoordModule as unknown as { default?: Gcoord }).default ?? (gcoordModule as unknown as Gcoord);

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/** T/CEC positions are GCJ-02 with 6 decimals; the store keeps WGS 84. */
export function wgs84ToGcj02(p: { readonly lat: number; readonly lng: number }): { lat: number; lng: number } {
  const [lng, lat] = gcoord.transform([p.lng, p.lat], gcoord.WGS84, gcoord.GCJ02);
  return { lat: round6(lat), lng: round6(lng) };
}

/** A partner's GCJ-02 position back to WGS 84 (gcoord iterates the inverse to well under a metre). */
export function gcj02ToWgs84(p: { readonly lat: number; readonly lng: number }): { lat: number; lng: number } {
  const [lng, lat] = gcoord.transform([p.lng, p.lat], gcoord.GCJ02, gcoord.WGS84);
  return { lat: round6(lat), lng: round6(lng) };
}
