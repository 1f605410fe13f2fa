import type { LocationView, SearchHit } from '../domain/availability/index.js';
import { toClient, type CoordSystem } from './coords.js';

const OPEN = Buffer.from('{"items":[');

/**
 * JSON for search answers, written once per location view and coordinate system and kept as
 * UTF-8 bytes: views are shared between searches until a status changes (LocationViewCache), so
 * most pages are copied together from bytes already made instead of serialized field by field and
 * encoded again on every write. The distance, different per search, goes in front of each location.
 */
export class LocationJson {
  readonly #made: Record<CoordSystem, WeakMap<LocationView, Buffer>> = { wgs84: new WeakMap(), gcj02: new WeakMap() };

  /** The view's JSON without its opening brace: `"id":…}`. */
  #tail(view: LocationView, system: CoordSystem): Buffer {
    const made = this.#made[system];
    let bytes = made.get(view);
    if (bytes === undefined) {
      bytes = Buffer.from(JSON.stringify(toClient(view, system)).slice(1));
      made.set(view, bytes);
    }
    return bytes;
  }

  /** `{"items":[...],"nextCursor":...}` as the search route's response schema describes it. */
  page(hits: readonly SearchHit[], system: CoordSystem, nextCursor: string | null): Buffer {
    // Everything but the tails is ASCII (numbers, punctuation, a base64url cursor): one byte per character.
    const heads: string[] = [];
    const tails: Buffer[] = [];
    let size = OPEN.length;
    for (let i = 0; i < hits.length; i++) {
      const hit = hits[i] as SearchHit;
      const head = `${i > 0 ? ',' : ''}{"distanceKm":${hit.distanceKm === null ? 'null' : String(hit.distanceKm)},`;
      const tail = this.#tail(hit.view, system);
      heads.push(head);
      tails.push(tail);
      size += head.length + tail.length;
    }
    const close = `],"nextCursor":${nextCursor === null ? 'null' : JSON.stringify(nextCursor)}}`;
    size += close.length;
    const out = Buffer.allocUnsafe(size);
    out.set(OPEN, 0);
    let at = OPEN.length;
    for (let i = 0; i < heads.length; i++) {
      at = writeAscii(out, at, heads[i] as string);
      const tail = tails[i] as Buffer;
      // TypedArray#set: no view object per copy, unlike Buffer#copy.
      out.set(tail, at);
      at += tail.length;
    }
    writeAscii(out, at, close);
    return out;
  }
}

/** Short ASCII strings straight into the buffer (cheaper than a Buffer#write call for a few bytes). */
function writeAscii(out: Buffer, at: number, s: string): number {
  for (let i = 0; i < s.length; i++) out[at + i] = s.charCodeAt(i);
  return at + s.length;
}
