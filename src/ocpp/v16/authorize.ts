import type { Handler, GatewayServices } from '../context.js';
import { idTagInfo16 } from '../id-token-info.js';

export const authorize = (svc: GatewayServices): Handler => async (ctx, p) => ({
  idTagInfo: idTagInfo16(await svc.sessions.authorize(p.idTag, { operatorId: ctx.operatorId, city: ctx.place.city })),
});
