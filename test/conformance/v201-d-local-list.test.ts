/** OCTT OCPP 2.0.1 CSMS cases, block D (Local Authorization List Management). */
import { describe, expect } from 'vitest';
import { conformanceSuite, octtCase, TOKENS } from './support/harness.js';
import type { OcttStation } from './support/octt-station.js';

const c = conformanceSuite('2.0.1');

async function sendList(s: OcttStation, listVersion: number, updateType: 'Full' | 'Differential', entries: { idToken: string; status?: string }[]) {
  s.answer('SendLocalList', { status: 'Accepted' });
  const cmd = await c.command('send-local-list', { stationId: s.id, listVersion, updateType, localAuthorizationList: entries });
  const req = await s.received('SendLocalList');
  expect(req).toMatchObject({ versionNumber: listVersion, updateType });
  expect((await c.settled(cmd)).status).toBe('accepted');
  return req;
}

async function getVersion(s: OcttStation, versionNumber: number) {
  s.answer('GetLocalListVersion', { versionNumber });
  const cmd = await c.command('get-local-list-version', { stationId: s.id });
  expect(await s.received('GetLocalListVersion')).toEqual({});
  expect(await c.settled(cmd)).toMatchObject({ status: 'accepted', response: { versionNumber } });
}

const entry = (token: string, status: string) => ({ idToken: { idToken: token, type: 'ISO14443' }, idTokenInfo: { status } });

describe('OCPP 2.0.1 D. Local Authorization List Management', () => {
  octtCase('TC_D_01_CSMS', 'Send Local Authorization List - Full', async () => {
    const req = await sendList(await c.station('TC_D_01_CSMS'), 1, 'Full', [{ idToken: TOKENS.valid, status: 'Accepted' }, { idToken: TOKENS.blocked, status: 'Blocked' }]);
    expect(req.localAuthorizationList).toEqual([entry(TOKENS.valid, 'Accepted'), entry(TOKENS.blocked, 'Blocked')]);
  });

  octtCase('TC_D_02_CSMS', 'Send Local Authorization List - Differential Update', async () => {
    const s = await c.station('TC_D_02_CSMS');
    await sendList(s, 1, 'Full', [{ idToken: TOKENS.valid, status: 'Accepted' }]);
    const req = await sendList(s, 2, 'Differential', [{ idToken: TOKENS.valid2, status: 'Accepted' }]);
    expect(req.localAuthorizationList).toEqual([entry(TOKENS.valid2, 'Accepted')]);
  });

  octtCase('TC_D_03_CSMS', 'Send Local Authorization List - Differential Remove', async () => {
    const s = await c.station('TC_D_03_CSMS');
    await sendList(s, 1, 'Full', [{ idToken: TOKENS.valid, status: 'Accepted' }, { idToken: TOKENS.valid2, status: 'Accepted' }]);
    // An entry without idTokenInfo removes the token from the list.
    const req = await sendList(s, 2, 'Differential', [{ idToken: TOKENS.valid2 }]);
    expect(req.localAuthorizationList).toEqual([{ idToken: { idToken: TOKENS.valid2, type: 'ISO14443' } }]);
  });

  octtCase('TC_D_04_CSMS', 'Send Local Authorization List - Full with empty list', async () => {
    const req = await sendList(await c.station('TC_D_04_CSMS'), 3, 'Full', []);
    expect(req.localAuthorizationList ?? []).toEqual([]);
  });

  octtCase('TC_D_08_CSMS', 'Get Local List Version - Success', async () => {
    await getVersion(await c.station('TC_D_08_CSMS'), 7);
  });

  octtCase('TC_D_09_CSMS', 'Get Local List Version - No list available', async () => {
    await getVersion(await c.station('TC_D_09_CSMS'), 0);
  });
});
