import { describe, expect, it } from 'vitest';
import { SilenceWatch } from '../../../src/ocpp/silence-watch.js';

describe('SilenceWatch', () => {
  it('reports a station silent for longer than the limit, once, and never one that keeps talking', () => {
    let now = 0;
    const silent: string[] = [];
    const w = new SilenceWatch(600_000, (id) => silent.push(id), () => now);
    w.heard('QUIET');
    w.heard('CHATTY');
    w.heard('GONE');
    w.forget('GONE');
    for (let t = 60_000; t <= 900_000; t += 60_000) {
      now = t;
      w.heard('CHATTY');
      w.check();
    }
    expect(silent).toEqual(['QUIET']);
    now = 2_000_000;
    w.check();
    expect(silent).toEqual(['QUIET', 'CHATTY']);
  });
});
