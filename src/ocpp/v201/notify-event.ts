import type { Handler, GatewayServices, Params } from '../context.js';

export const notifyEvent = (svc: GatewayServices): Handler => async (ctx, p) => {
  for (const e of p.eventData as Params[]) {
    await svc.stations.event({
      stationId: ctx.stationId,
      kind: 'NotifyEvent',
      dedupeKey: `${e.eventId}:${e.timestamp}`,
      payload: e,
      occurredAt: new Date(e.timestamp),
    });
  }
  return {};
};
