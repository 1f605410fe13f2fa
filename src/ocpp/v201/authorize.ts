import type { Handler, GatewayServices } from '../context.js';
import { idTokenInfo201 } from '../id-token-info.js';

export const authorize = (svc: GatewayServices): Handler => async (ctx, p) => ({
  idTokenInfo: idTokenInfo201(await svc.sessions.authorize(p.idToken.idToken, { operatorId: ctx.operatorId, city: ctx.place.city })),
});
