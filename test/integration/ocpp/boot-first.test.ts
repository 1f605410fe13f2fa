import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleCommand } from '../../helpers/commands.js';
import { provisionBasics, startTestPlatform, type TestPlatform } from '../../helpers/platform.js';
import { RawOcppSocket } from '../../helpers/raw-socket.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let p: TestPlatform;
let password: string;
beforeAll(async () => {
  p = await startTestPlatform();
  ({ password } = await provisionBasics(p, ['BF-16', 'BF-201', 'BF-NB-16', 'BF-NB-201']));
  for (const id of ['BF-P-16', 'BF-P-201']) {
    expect((await p.api('/v1/stations', { body: { id, operatorId: 'OP-T', locationId: 'LOC-T', password, registrationStatus: 'Pending' } })).status).toBe(201);
  }
});
afterAll(() => p.stop());

const VERSIONS = [
  { protocol: 'ocpp1.6', tag: '16', boot: { chargePointVendor: 'V', chargePointModel: 'M' } },
  { protocol: 'ocpp2.0.1', tag: '201', boot: { reason: 'PowerUp', chargingStation: { vendorName: 'V', model: 'M' } } },
] as const;

/** A command that waits for the station, so the gateway has something to send as soon as it may. */
async function queueReset(stationId: string): Promise<string> {
  const r = await p.api('/v1/commands/reset', { body: { stationId } });
  expect(r.body.status).toBe('pending');
  return r.body.id as string;
}

async function serverCalls(s: RawOcppSocket, n: number, ms = 3_000): Promise<unknown[][]> {
  const deadline = Date.now() + ms;
  while (s.serverCalls.length < n && Date.now() < deadline) await sleep(20);
  return s.serverCalls;
}

describe.each(VERSIONS)('nothing goes to a $protocol station before it may take it', (v) => {
  it('booting: no CALL (trigger, queued command) before the BootNotification answer; the queued command right after', async () => {
    const command = await queueReset(`BF-${v.tag}`);
    const s = await RawOcppSocket.open(p.ocpp, `BF-${v.tag}`, password, v.protocol);
    try {
      await sleep(600);
      expect(s.frames).toEqual([]);
      const boot = await s.call('BootNotification', v.boot, 'boot-1');
      expect(boot?.[2]).toMatchObject({ status: 'Accepted' });
      const calls = await serverCalls(s, 1);
      expect(calls.map((c) => c[2])).toEqual(['Reset']);
      // The boot's CALLRESULT is the first frame the station got.
      expect(s.frames[0]?.slice(0, 2)).toEqual([3, 'boot-1']);
      // After an accepted boot the station reports its statuses itself: no TriggerMessage.
      await sleep(300);
      expect(s.serverCalls.map((c) => c[2])).toEqual(['Reset']);
      expect((await settleCommand((path) => p.api(path), command)).status).toBe('failed'); // the raw socket answers NotImplemented
    } finally {
      s.close();
    }
  });

  it('reconnecting without booting: the trigger and queued commands follow the answer to its first message', async () => {
    // Registered Accepted by an earlier connection; this one does not boot (allowed in 1.6).
    const first = await RawOcppSocket.open(p.ocpp, `BF-NB-${v.tag}`, password, v.protocol);
    expect((await first.call('BootNotification', v.boot))?.[2]).toMatchObject({ status: 'Accepted' });
    first.close();
    await sleep(200);
    await queueReset(`BF-NB-${v.tag}`);
    const s = await RawOcppSocket.open(p.ocpp, `BF-NB-${v.tag}`, password, v.protocol);
    try {
      await sleep(600);
      expect(s.frames).toEqual([]);
      expect((await s.call('Heartbeat', {}, 'hb-1'))?.[0]).toBe(3);
      const calls = await serverCalls(s, 2);
      expect(calls.map((c) => c[2]).sort()).toEqual(['Reset', 'TriggerMessage']);
      expect(calls.find((c) => c[2] === 'TriggerMessage')?.[3]).toEqual({ requestedMessage: 'StatusNotification' });
      expect(s.frames[0]?.slice(0, 2)).toEqual([3, 'hb-1']);
    } finally {
      s.close();
    }
  });

  it('a station answered Pending gets nothing', async () => {
    await queueReset(`BF-P-${v.tag}`);
    const s = await RawOcppSocket.open(p.ocpp, `BF-P-${v.tag}`, password, v.protocol);
    try {
      expect((await s.call('BootNotification', v.boot))?.[2]).toMatchObject({ status: 'Pending' });
      expect((await s.call('Heartbeat', {}))?.[2]).toBe('SecurityError');
      await sleep(600);
      expect(s.serverCalls).toEqual([]);
    } finally {
      s.close();
    }
  });
});
