import type { Handler, GatewayServices } from '../context.js';
import { idTokenInfo201 } from '../id-token-info.js';

export const authorize = (svc: GatewayServices): Handler => async (_ctx, p) => ({
  idTokenInfo: idTokenInfo201(await svc.sessions.authorize(p.idToken.idToken)),
});
