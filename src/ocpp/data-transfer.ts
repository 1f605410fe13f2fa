import { createHash } from 'node:crypto';
import type { Handler, GatewayServices } from './context.js';

/** Kept as a station event; no vendor extension is understood yet, so the answer is UnknownVendorId. */
export const dataTransfer = (svc: GatewayServices): Handler => async (ctx, p) => {
  await svc.stations.event({
    stationId: ctx.stationId,
    kind: 'DataTransfer',
    dedupeKey: createHash('sha256').update(JSON.stringify(p)).update(svc.sessions.now().toISOString()).digest('hex'),
    payload: p,
  });
  return { status: 'UnknownVendorId' };
};
