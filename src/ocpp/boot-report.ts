import { randomInt } from 'node:crypto';
import type { ReportedVariable } from '../domain/device-model/index.js';
import type { RegistrationStatus } from '../domain/stations/index.js';
import type { GatewayServices, Params, StationCall, StationContext } from './context.js';
import { v16ConfigurationResults } from './v16/device-model-calls.js';

/**
 * A boot answered Pending so that the station's report is fetched before it is accepted (see
 * docs/decisions/0016): 2.0.1 GetBaseReport (the parts come as NotifyReport), 1.6 GetConfiguration;
 * once it is in, TriggerMessage(BootNotification) has the station boot again, and that boot is accepted.
 */
export async function bootDecision(svc: GatewayServices, ctx: StationContext, stored: RegistrationStatus): Promise<RegistrationStatus> {
  if (!svc.deviceModel) return stored;
  const d = await svc.deviceModel.onBoot(ctx.stationId, stored);
  if (d.fetchReport) ctx.afterAnswer((call) => (ctx.protocol === 'ocpp1.6' ? fetchConfiguration16(svc, ctx, call) : askBaseReport201(svc, ctx, call)));
  return d.status;
}

async function askBaseReport201(svc: GatewayServices, ctx: StationContext, call: StationCall): Promise<void> {
  const requestId = randomInt(1, 2 ** 31 - 1);
  ctx.bootReport = { requestId };
  const r = (await call('GetBaseReport', { requestId, reportBase: 'FullInventory' })) as { status?: string };
  // No report will come (EmptyResultSet, NotSupported, Rejected): the station is accepted with what it has.
  if (r.status !== 'Accepted') await bootReportComplete(svc, ctx, call);
}

async function fetchConfiguration16(svc: GatewayServices, ctx: StationContext, call: StationCall): Promise<void> {
  const r = (await call('GetConfiguration', {})) as Params;
  const read: ReportedVariable[] = v16ConfigurationResults(null, r)
    .filter((v) => v.status === 'Accepted')
    .map((v) => ({ component: v.component, variable: v.variable, attributes: [{ type: v.attributeType, value: v.value, mutability: v.mutability }] }));
  await svc.deviceModel?.configurationRead(ctx.stationId, read);
  await bootReportComplete(svc, ctx, call);
}

/** The report is in: the next boot is accepted, and the station is asked to boot now. */
export async function bootReportComplete(svc: GatewayServices, ctx: StationContext, call: StationCall): Promise<void> {
  ctx.bootReport = undefined;
  await svc.deviceModel?.bootReportReceived(ctx.stationId);
  await call('TriggerMessage', { requestedMessage: 'BootNotification' });
}
