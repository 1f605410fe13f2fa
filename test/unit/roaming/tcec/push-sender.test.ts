import { describe, expect, it } from 'vitest';
import { MemoryPartnerPushQueue } from '../../../../src/adapters/memory/roaming.stores.js';
import type { Partner } from '../../../../src/domain/partners/index.js';
import { PushSender } from '../../../../src/roaming/tcec/pushes/index.js';
import { ManualClock } from '../../../../src/shared/clock.js';
import type { Logger } from '../../../../src/shared/logger.js';

const silent = { warn: () => undefined, error: () => undefined, info: () => undefined, debug: () => undefined, child: () => silent } as unknown as Logger;
const partner = { id: 'P', state: 'active', tcec: {} } as unknown as Partner;
const status = (connector: string, code: number) => ({ partnerId: 'P', kind: 'notification_stationStatus', key: `connector.status:${connector}:${code}`, body: { ConnectorStatusInfo: { ConnectorID: connector, Status: code } }, createdAt: new Date('2026-12-01T00:00:00Z') });

function setup(answer: (iface: string, body: any) => { ret: number; msg: string; plain: string; body: unknown }, delayMs: (body: any) => number = () => 0) {
  const clock = new ManualClock('2026-12-01T00:00:00Z');
  const queue = new MemoryPartnerPushQueue();
  const calls: any[] = [];
  const client = {
    call: async (_p: unknown, iface: string, body: unknown) => {
      await new Promise((r) => setTimeout(r, delayMs(body)));
      calls.push(body);
      return answer(iface, body);
    },
  };
  const sender = (_node: string) => new PushSender({ queue, client: client as never, partners: { get: async () => partner }, clock, log: silent, claimMs: 30_000, lanes: 4 });
  return { clock, queue, calls, sender };
}

describe('PushSender', () => {
  it('a push whose node died before sending it is sent by another node once its claim runs out, once', async () => {
    const { clock, queue, calls, sender } = setup(() => ({ ret: 0, msg: '', plain: '', body: { Status: 0 } }));
    // Node A queued it (claimed for 30 s) and crashed before sending.
    await queue.enqueue([status('CS.1.1', 3)], new Date(clock.now().getTime() + 30_000));
    const b = sender('B');
    expect(await b.poll()).toBe(0);
    clock.advance(30_001);
    expect(await b.poll()).toBe(1);
    await b.drain();
    expect(calls).toHaveLength(1);
    expect((await queue.get('P', 'connector.status:CS.1.1:3'))?.status).toBe('sent');
    clock.advance(60_000);
    expect(await b.poll()).toBe(0);
  });

  it('sends pushes about one connector in the order they happened', async () => {
    // The partner answers the first slower than the later ones: only the lane keeps them in order.
    const { calls, sender } = setup(() => ({ ret: 0, msg: '', plain: '', body: { Status: 0 } }), (b) => [0, 40, 0, 10][b.ConnectorStatusInfo.Status] ?? 0);
    const s = sender('A');
    await s.enqueueAndSend([status('CS.1.1', 1), status('CS.2.1', 1), status('CS.1.1', 3), status('CS.1.1', 2)]);
    await s.drain();
    expect(calls.filter((c) => c.ConnectorStatusInfo.ConnectorID === 'CS.1.1').map((c) => c.ConnectorStatusInfo.Status)).toEqual([1, 3, 2]);
  });

  it('a failure is tried again a minute later, 4 tries in all; then the push is left to the partner\'s queries', async () => {
    const { clock, queue, calls, sender } = setup(() => ({ ret: 500, msg: 'busy', plain: '', body: undefined }));
    const s = sender('A');
    await s.enqueueAndSend([status('CS.1.1', 255)]);
    await s.drain();
    for (let i = 0; i < 5; i++) {
      clock.advance(59_000);
      expect(await s.poll()).toBe(0);
      clock.advance(1_000);
      await s.poll();
      await s.drain();
    }
    expect(calls).toHaveLength(4);
    expect(await queue.get('P', 'connector.status:CS.1.1:255')).toMatchObject({ status: 'abandoned', attempts: 4, lastError: 'Ret 500 busy' });
  });

  it('drops a retried status that a newer status of the same connector overtook (it would undo it)', async () => {
    let up = false;
    const { clock, queue, calls, sender } = setup(() => (up ? { ret: 0, msg: '', plain: '', body: { Status: 0 } } : { ret: 500, msg: 'down', plain: '', body: undefined }));
    const s = sender('A');
    await s.enqueueAndSend([status('CS.1.1', 255)]);
    await s.drain();
    up = true;
    await s.enqueueAndSend([status('CS.1.1', 1)]);
    await s.drain();
    clock.advance(60_000);
    await s.poll();
    await s.drain();
    expect(calls.map((c) => c.ConnectorStatusInfo.Status)).toEqual([255, 1]);
    expect(await queue.get('P', 'connector.status:CS.1.1:255')).toMatchObject({ status: 'ignored', attempts: 1, lastError: expect.stringContaining('superseded') });
  });
});
