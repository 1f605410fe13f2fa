import type { Handler, GatewayServices } from '../context.js';

export const securityEventNotification = (svc: GatewayServices): Handler => async (ctx, p) => {
  await svc.stations.event({
    stationId: ctx.stationId,
    kind: 'SecurityEvent',
    dedupeKey: `${p.type}:${p.timestamp}`,
    payload: p,
    occurredAt: new Date(p.timestamp),
  });
  return {};
};
