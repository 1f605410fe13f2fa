import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { OutboundGate } from '../../../src/ocpp/outbound-gate.js';

const tick = () => new Promise((r) => setImmediate(r));

describe('outbound gate', () => {
  it('opens once, after the answer to the message that allows it has been sent', async () => {
    const client = new EventEmitter();
    const opened: boolean[] = [];
    const gate = new OutboundGate(client, (afterBoot) => opened.push(afterBoot));
    gate.openAfter('boot-1', true);
    client.emit('response', { outbound: false, payload: [2, 'boot-1', 'BootNotification', {}] });
    client.emit('response', { outbound: true, payload: [3, 'other', {}] });
    await tick();
    expect(gate.isOpen).toBe(false);
    client.emit('response', { outbound: true, payload: [3, 'boot-1', { status: 'Accepted' }] });
    // ocpp-rpc writes the frame right after the event: not open yet.
    expect(gate.isOpen).toBe(false);
    await tick();
    expect(gate.isOpen).toBe(true);
    gate.openAfter('hb-1', false);
    client.emit('response', { outbound: true, payload: [3, 'hb-1', {}] });
    await tick();
    expect(opened).toEqual([true]);
  });

  it('stays closed when nothing allowed it', async () => {
    const client = new EventEmitter();
    const gate = new OutboundGate(client, () => undefined);
    client.emit('response', { outbound: true, payload: [3, 'x', {}] });
    await tick();
    expect(gate.isOpen).toBe(false);
  });
});
