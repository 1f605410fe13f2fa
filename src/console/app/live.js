// The live status stream (/v1/availability/stream, Server-Sent Events) read with fetch, which,
// unlike EventSource, can send the key. Reconnects with Last-Event-ID so nothing is missed.
import { session } from './session.js';

const listeners = new Set();
const stateListeners = new Set();
let controller = null;
let lastId = null;
let state = 'idle';

function setState(s) {
  state = s;
  for (const l of stateListeners) l(s);
}

function dispatch(block) {
  let id = null;
  let event = 'message';
  let data = '';
  for (const line of block.split('\n')) {
    if (line.startsWith('id:')) id = line.slice(3).trim();
    else if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data += line.slice(5).trim();
  }
  if (id) lastId = id;
  if (event !== 'status' || !data) return;
  const e = JSON.parse(data);
  for (const l of listeners) l(e);
}

async function run(signal) {
  while (!signal.aborted) {
    const s = session();
    if (!s) return setState('idle');
    try {
      const res = await fetch('/v1/availability/stream', {
        signal,
        headers: { authorization: `Bearer ${s.key}`, accept: 'text/event-stream', ...(lastId ? { 'last-event-id': lastId } : {}) },
      });
      if (res.status === 401) return setState('idle');
      if (!res.ok) throw new Error(`stream ${res.status}`);
      setState('live');
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += value.replace(/\r\n/g, '\n');
        let cut;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          dispatch(buffer.slice(0, cut));
          buffer = buffer.slice(cut + 2);
        }
      }
    } catch (e) {
      if (signal.aborted) return;
    }
    setState('reconnecting');
    await new Promise((r) => setTimeout(r, 2000));
  }
}

export function startLive() {
  if (controller) return;
  controller = new AbortController();
  void run(controller.signal);
}

export function stopLive() {
  controller?.abort();
  controller = null;
  lastId = null;
  setState('idle');
}

/** Calls fn with every connector status change; returns the unsubscribe function. */
export function onStatus(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function onLiveState(fn) {
  stateListeners.add(fn);
  fn(state);
  return () => stateListeners.delete(fn);
}
