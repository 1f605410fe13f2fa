/** OCTT OCPP 1.6 CSMS cases, Local Auth List Management profile (3.14): GetLocalListVersion and SendLocalList from the operator's API. */
import { describe, expect } from 'vitest';
import { conformanceSuite, octtCase, TOKENS } from './support/harness.js';
import type { OcttStation } from './support/octt-station.js';

const c = conformanceSuite('1.6');

async function getVersion(s: OcttStation, listVersion: number) {
  s.answer('GetLocalListVersion', { listVersion });
  const cmd = await c.command('get-local-list-version', { stationId: s.id });
  expect(await s.received('GetLocalListVersion')).toEqual({});
  expect(await c.settled(cmd)).toMatchObject({ status: 'accepted', response: { listVersion } });
}

async function sendList(s: OcttStation, updateType: 'Full' | 'Differential', answer: string, listVersion: number) {
  s.answer('SendLocalList', { status: answer });
  const cmd = await c.command('send-local-list', {
    stationId: s.id,
    listVersion,
    updateType,
    localAuthorizationList: [{ idToken: TOKENS.valid, status: 'Accepted' }, ...(updateType === 'Differential' ? [{ idToken: TOKENS.blocked, status: 'Blocked' as const }] : [])],
  });
  const req = await s.received('SendLocalList');
  expect(req).toMatchObject({ listVersion, updateType });
  expect(req.localAuthorizationList).toContainEqual({ idTag: TOKENS.valid, idTagInfo: { status: 'Accepted' } });
  return { cmd: await c.settled(cmd), req };
}

describe('OCPP 1.6 Local Authorization List (OCTT 3.14)', () => {
  octtCase('TC_042_1_CSMS', 'Get Local List Version (not supported)', async () => {
    await getVersion(await c.station('TC_042_1_CSMS'), -1);
  });

  octtCase('TC_042_2_CSMS', 'Get Local List Version (empty)', async () => {
    await getVersion(await c.station('TC_042_2_CSMS'), 0);
  });

  octtCase('TC_043_1_CSMS', 'Send Local Authorization List - NotSupported', async () => {
    const { cmd } = await sendList(await c.station('TC_043_1_CSMS'), 'Full', 'NotSupported', 1);
    expect(cmd).toMatchObject({ status: 'rejected', response: { status: 'NotSupported' } });
  });

  octtCase('TC_043_3_CSMS', 'Send Local Authorization List - Failed', async () => {
    const { cmd } = await sendList(await c.station('TC_043_3_CSMS'), 'Full', 'Failed', 1);
    expect(cmd).toMatchObject({ status: 'rejected', response: { status: 'Failed' } });
  });

  octtCase('TC_043_4_CSMS', 'Send Local Authorization List - Full', async () => {
    const { cmd } = await sendList(await c.station('TC_043_4_CSMS'), 'Full', 'Accepted', 1);
    expect(cmd.status).toBe('accepted');
  });

  octtCase('TC_043_5_CSMS', 'Send Local Authorization List - Differential', async () => {
    const s = await c.station('TC_043_5_CSMS');
    expect((await sendList(s, 'Full', 'Accepted', 1)).cmd.status).toBe('accepted');
    const { cmd, req } = await sendList(s, 'Differential', 'Accepted', 2);
    expect(req.localAuthorizationList).toContainEqual({ idTag: TOKENS.blocked, idTagInfo: { status: 'Blocked' } });
    expect(cmd.status).toBe('accepted');
  });
});
