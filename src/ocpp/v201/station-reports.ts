import { createHash } from 'node:crypto';
import type { Handler, GatewayServices } from '../context.js';

const digest = (p: unknown) => createHash('sha256').update(JSON.stringify(p)).digest('hex').slice(0, 16);

/**
 * Reports a station sends in parts after a request (requestId, seqNo/tbc), each part kept as a
 * station record once (a replayed part changes nothing): what its display shows (NotifyDisplayMessages,
 * after GetDisplayMessages), what it keeps about a customer (NotifyCustomerInformation, after
 * CustomerInformation), its monitors (NotifyMonitoringReport, after GetMonitoringReport).
 */
const keptAs =
  (kind: string, part: (p: Record<string, unknown>) => string): ((svc: GatewayServices) => Handler) =>
  (svc) =>
  async (ctx, p) => {
    await svc.stations.event({
      stationId: ctx.stationId,
      kind,
      dedupeKey: `${p.requestId}:${part(p)}`,
      payload: p,
      occurredAt: typeof p.generatedAt === 'string' ? new Date(p.generatedAt) : undefined,
    });
    return {};
  };

export const notifyDisplayMessages = keptAs('DisplayMessages', (p) => `${p['tbc'] === true ? 'more' : 'last'}:${digest(p['messageInfo'] ?? [])}`);
export const notifyCustomerInformation = keptAs('CustomerInformation', (p) => String(p['seqNo']));
export const notifyMonitoringReport = keptAs('MonitoringReport', (p) => String(p['seqNo']));
