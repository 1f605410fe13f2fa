/** OCTT OCPP 2.0.1 CSMS cases, block O (Display Message): SetDisplayMessage, GetDisplayMessages, ClearDisplayMessage from the operator's API. */
import { describe, expect } from 'vitest';
import { conformanceSuite, notYet, octtCase } from './support/harness.js';
import type { OcttStation } from './support/octt-station.js';

const c = conformanceSuite('2.0.1');
const perTransaction = 'not in the platform: set-display-message takes no transactionId (a message for one transaction)';
const filters = 'not in the platform: get-display-messages asks by id only (no priority or state filter)';
const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

type Message = { id?: number; priority?: string; state?: string; startsAt?: string; endsAt?: string; content?: string; format?: string };
async function setMessage(s: OcttStation, m: Message, answer = 'Accepted') {
  s.answer('SetDisplayMessage', { status: answer });
  const cmd = await c.command('set-display-message', { stationId: s.id, displayMessage: { priority: 'NormalCycle', content: 'OCTT message', ...m } });
  const req = await s.received('SetDisplayMessage');
  expect(req.message).toMatchObject({ priority: m.priority ?? 'NormalCycle', message: { content: m.content ?? 'OCTT message', format: m.format ?? 'UTF8' } });
  if (m.id !== undefined) expect(req.message.id).toBe(m.id);
  expect(Number.isInteger(req.message.id)).toBe(true);
  expect(await c.settled(cmd)).toMatchObject({ status: answer === 'Accepted' ? 'accepted' : 'rejected', response: { status: answer } });
  return req.message;
}

async function getMessages(s: OcttStation, id: number | undefined, answer: string) {
  s.answer('GetDisplayMessages', { status: answer });
  const cmd = await c.command('get-display-messages', { stationId: s.id, ...(id !== undefined ? { displayMessageId: id } : {}) });
  const req = await s.received('GetDisplayMessages');
  expect(req.id).toEqual(id === undefined ? undefined : [id]);
  expect(await c.settled(cmd)).toMatchObject({ status: answer === 'Accepted' ? 'accepted' : 'rejected', response: { status: answer } });
  return req as { requestId: number };
}

async function notifies(s: OcttStation, requestId: number, messages: { id: number; priority: string; content: string }[]) {
  const info = messages.map((m) => ({ id: m.id, priority: m.priority, message: { format: 'UTF8', content: m.content } }));
  expect(await s.send('NotifyDisplayMessages', { requestId, tbc: false, messageInfo: info })).toEqual({});
}

describe('OCPP 2.0.1 O. Display Message', () => {
  octtCase('TC_O_01_CSMS', 'Set Display Message - Success', async () => {
    await setMessage(await c.station('TC_O_01_CSMS'), { priority: 'InFront', content: 'Welcome to OCTT' });
  });

  octtCase('TC_O_02_CSMS', 'Get all Display Messages - Success', async () => {
    const s = await c.station('TC_O_02_CSMS');
    const m = await setMessage(s, { id: 21 });
    const { requestId } = await getMessages(s, undefined, 'Accepted');
    await notifies(s, requestId, [{ id: m.id, priority: 'NormalCycle', content: 'OCTT message' }]);
  });

  octtCase('TC_O_03_CSMS', 'Get all Display Messages - No DisplayMessages configured', async () => {
    await getMessages(await c.station('TC_O_03_CSMS'), undefined, 'Unknown');
  });

  octtCase('TC_O_04_CSMS', 'Clear Display Message - Success', async () => {
    const s = await c.station('TC_O_04_CSMS');
    await setMessage(s, { id: 41 });
    s.answer('ClearDisplayMessage', { status: 'Accepted' });
    const cmd = await c.command('clear-display-message', { stationId: s.id, displayMessageId: 41 });
    expect(await s.received('ClearDisplayMessage')).toEqual({ id: 41 });
    expect((await c.settled(cmd)).status).toBe('accepted');
  });

  octtCase('TC_O_05_CSMS', 'Clear Display Message - Unknown Key', async () => {
    const s = await c.station('TC_O_05_CSMS');
    s.answer('ClearDisplayMessage', { status: 'Unknown' });
    const cmd = await c.command('clear-display-message', { stationId: s.id, displayMessageId: 4242 });
    expect(await s.received('ClearDisplayMessage')).toEqual({ id: 4242 });
    expect(await c.settled(cmd)).toMatchObject({ status: 'rejected', response: { status: 'Unknown' } });
  });

  notYet('TC_O_06_CSMS', 'Set Display Message - Specific transaction - Success', perTransaction);

  octtCase('TC_O_07_CSMS', 'Get a Specific Display Message - Id', async () => {
    const s = await c.station('TC_O_07_CSMS');
    await setMessage(s, { id: 71 });
    await setMessage(s, { id: 72, content: 'Second' });
    const { requestId } = await getMessages(s, 72, 'Accepted');
    await notifies(s, requestId, [{ id: 72, priority: 'NormalCycle', content: 'Second' }]);
  });

  notYet('TC_O_08_CSMS', 'Get a Specific Display Message - Priority', filters);
  notYet('TC_O_09_CSMS', 'Get a Specific Display Message - State', filters);
  notYet('TC_O_10_CSMS', 'Set Display Message - Specific transaction - UnknownTransaction', perTransaction);

  octtCase('TC_O_11_CSMS', 'Get a Specific Display Message - Unknown parameters', async () => {
    await getMessages(await c.station('TC_O_11_CSMS'), 9999, 'Unknown');
  });

  octtCase('TC_O_12_CSMS', 'Set Display Message - Replace DisplayMessage', async () => {
    const s = await c.station('TC_O_12_CSMS');
    await setMessage(s, { id: 121, content: 'First text' });
    // The same id again: the station replaces the message.
    await setMessage(s, { id: 121, content: 'Replaced text' });
  });

  octtCase('TC_O_13_CSMS', 'Set Display Message - Display message at StartTime', async () => {
    const s = await c.station('TC_O_13_CSMS');
    const startsAt = inMinutes(1);
    const m = await setMessage(s, { startsAt });
    expect(Date.parse(m.startDateTime)).toBe(Date.parse(startsAt));
  });

  octtCase('TC_O_14_CSMS', 'Set Display Message - Remove message after EndTime', async () => {
    const s = await c.station('TC_O_14_CSMS');
    const endsAt = inMinutes(1);
    const m = await setMessage(s, { endsAt });
    expect(Date.parse(m.endDateTime)).toBe(Date.parse(endsAt));
  });

  octtCase('TC_O_17_CSMS', 'Set Display Message - NotSupportedPriority', async () => {
    await setMessage(await c.station('TC_O_17_CSMS'), { priority: 'AlwaysFront' }, 'NotSupportedPriority');
  });

  octtCase('TC_O_18_CSMS', 'Set Display Message - NotSupportedState', async () => {
    const m = await setMessage(await c.station('TC_O_18_CSMS'), { state: 'Unavailable' }, 'NotSupportedState');
    expect(m.state).toBe('Unavailable');
  });

  octtCase('TC_O_19_CSMS', 'Set Display Message - NotSupportedMessageFormat', async () => {
    await setMessage(await c.station('TC_O_19_CSMS'), { format: 'HTML', content: '<b>OCTT</b>' }, 'NotSupportedMessageFormat');
  });

  octtCase('TC_O_25_CSMS', 'Set Display Message - Send Specific state', async () => {
    const m = await setMessage(await c.station('TC_O_25_CSMS'), { state: 'Charging' });
    expect(m.state).toBe('Charging');
  });

  octtCase('TC_O_26_CSMS', 'Set Display Message - Rejected', async () => {
    await setMessage(await c.station('TC_O_26_CSMS'), {}, 'Rejected');
  });

  notYet('TC_O_27_CSMS', 'Set Display Message - Specific transaction - Display message at StartTime', perTransaction);
  notYet('TC_O_28_CSMS', 'Set Display Message - Specific transaction - Remove message after EndTime', perTransaction);
});
