// Operator names for display. The admin key may list operators; an operator key knows its own name only.
import { api } from './api.js';

let names = new Map();

export async function loadOperators(me) {
  names = new Map();
  if (me.kind === 'operator') {
    if (me.operatorName) names.set(me.operatorId, me.operatorName);
    return;
  }
  let cursor = null;
  do {
    const page = await api(`/v1/operators?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    for (const op of page.items) names.set(op.id, op.name);
    cursor = page.nextCursor;
  } while (cursor);
}

export const operatorName = (id) => names.get(id) ?? id;
export const knownOperators = () => [...names.entries()];
