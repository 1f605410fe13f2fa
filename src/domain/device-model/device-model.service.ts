import type { Clock } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
import type { Principal } from '../access/index.js';
import { UNASSIGNED_OPERATOR_ID } from '../catalog/catalog.model.js';
import type { Command, CommandKind, CommandParams } from '../commands/command.model.js';
import { FINAL_STATUSES } from '../commands/command.model.js';
import { connectorSpecsFrom } from '../stations/station.service.js';
import type { ConnectorSpec, RegistrationStatus, StationVariable } from '../stations/station.model.js';
import { V16_COMPONENT, sameComponent, sameVariable, type DeviceVariable, type ReportedVariable, type VariableItem, type VariableResult } from './device-model.model.js';
import type { AttributeUpdate, DeviceModelFilter, DeviceModelStore } from './device-model.ports.js';

/** What the device model needs of the command machinery. */
export interface DeviceCommands {
  submit(input: { stationId: string; kind: CommandKind; params: CommandParams; principal: Principal }): Promise<Command>;
  byId(id: string): Promise<Command | null>;
}

export interface DeviceModelOptions {
  /** Auto-registered (unknown) stations: fetch the report at a Pending boot, then accept them. */
  readonly acceptAutoRegisteredAfterReport: boolean;
  /** How long PATCH variables waits for the station's answer (ms). */
  readonly answerWaitMs?: number | undefined;
}

/** One item of a set-variables answer, as the API shows it. */
export interface SetVariableOutcome extends VariableItem {
  readonly commandId: string;
  /** Null: not answered (yet); see error and the command. */
  readonly status: VariableResult['status'] | null;
  readonly stationStatus?: string | undefined;
  readonly info?: string | undefined;
  readonly error?: string | undefined;
}

export interface BootDecision {
  readonly status: RegistrationStatus;
  /** Answered Pending: fetch the station's report now, then have it boot again. */
  readonly fetchReport: boolean;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The variables a command's answer carries (the gateway adds them in version-neutral words). */
export const variableResultsOf = (c: Command): readonly VariableResult[] => {
  const r = c.response as { variables?: VariableResult[] } | null;
  return Array.isArray(r?.variables) ? r.variables : [];
};

/**
 * The stored device model per station: kept from reports (NotifyReport, GetConfiguration) and from
 * the answers to get and set commands; set through the durable commands; fetched at boot before a
 * station is accepted when that is asked for (per station, or for auto-registered ones).
 */
export class DeviceModelService {
  /** When the first part of each report in progress arrived (per station and requestId). */
  readonly #reportStarts = new Map<string, Date>();

  constructor(
    private readonly store: DeviceModelStore,
    private readonly commands: DeviceCommands,
    private readonly connectors: { upsertConnectorSpecs(stationId: string, specs: readonly ConnectorSpec[]): Promise<void> },
    private readonly clock: Clock,
    private readonly options: DeviceModelOptions,
  ) {}

  /** A report's part (NotifyReport) or a read configuration: kept; connector types and EVSE power follow. */
  async reported(stationId: string, variables: readonly ReportedVariable[]): Promise<void> {
    if (variables.length === 0) return;
    await this.store.recordReport(stationId, variables, this.clock.now());
    const specs = connectorSpecsFrom(variables.flatMap(asStationVariables));
    if (specs.length > 0) await this.connectors.upsertConnectorSpecs(stationId, specs);
  }

  /**
   * One part of a NotifyReport. The parts of a full inventory (the boot report, or get-base-report
   * FullInventory) replace the model: what none of them named is dropped once the last has come.
   * The parts come over one connection, so this node sees the first; if it did not (the station
   * reconnected elsewhere mid-report), nothing is dropped.
   */
  async reportPart(p: { stationId: string; requestId: number; seqNo: number; tbc: boolean; variables: readonly ReportedVariable[]; fullInventory?: boolean }): Promise<void> {
    const key = `${p.stationId}:${p.requestId}`;
    if (p.seqNo === 0) this.#reportStarts.set(key, this.clock.now());
    await this.reported(p.stationId, p.variables);
    if (p.tbc) return;
    const started = this.#reportStarts.get(key);
    this.#reportStarts.delete(key);
    if (started && (p.fullInventory || (await this.store.isFullReport(p.stationId, p.requestId)))) await this.store.pruneBefore(p.stationId, started);
  }

  /** A 1.6 station's whole configuration (GetConfiguration without keys): it replaces the model. */
  async configurationRead(stationId: string, variables: readonly ReportedVariable[]): Promise<void> {
    const started = this.clock.now();
    await this.reported(stationId, variables);
    await this.store.pruneBefore(stationId, started);
  }

  list(stationId: string, filter?: DeviceModelFilter): Promise<DeviceVariable[]> {
    return this.store.list(stationId, filter);
  }

  async setReportOnBoot(stationId: string, enabled: boolean): Promise<void> {
    if (!(await this.store.setReportOnBoot(stationId, enabled))) throw new AppError('STATION_NOT_FOUND', `station ${stationId} not found`);
  }

  /**
   * The answer to a boot: a station whose report is to be fetched first is answered Pending until
   * it has arrived, then Accepted (once: its next reboot fetches a new one). Rejected stays
   * Rejected; a Pending station waits for the admin unless it registered itself and the platform
   * accepts such stations after their report.
   */
  async onBoot(stationId: string, stored: RegistrationStatus): Promise<BootDecision> {
    if (stored === 'Rejected') return { status: stored, fetchReport: false };
    const s = await this.store.bootReportState(stationId);
    if (!s) return { status: stored, fetchReport: false };
    const wanted = s.reportOnBoot || (stored === 'Pending' && s.operatorId === UNASSIGNED_OPERATOR_ID && this.options.acceptAutoRegisteredAfterReport);
    if (!wanted) {
      // A report left from before (a self-registered station's) must not let a later boot skip its own.
      if (s.bootReportAt !== null) await this.store.consumeBootReport(stationId);
      return { status: stored, fetchReport: false };
    }
    if (s.bootReportAt !== null && stored === 'Accepted') {
      await this.store.consumeBootReport(stationId);
      return { status: 'Accepted', fetchReport: false };
    }
    return { status: 'Pending', fetchReport: true };
  }

  /** The report fetched at a Pending boot is complete (or the station has none): the next boot is accepted. */
  async bootReportReceived(stationId: string): Promise<void> {
    const s = await this.store.bootReportState(stationId);
    const autoAccept = s !== null && s.operatorId === UNASSIGNED_OPERATOR_ID && this.options.acceptAutoRegisteredAfterReport;
    await this.store.bootReportDone(stationId, this.clock.now(), autoAccept ? 'Accepted' : null);
  }

  /**
   * Sets variables through the durable commands (a 1.6 station takes one key per
   * ChangeConfiguration: one command each) and waits a while for the answers.
   */
  async setVariables(stationId: string, items: readonly VariableItem[], principal: Principal, waitMs = this.options.answerWaitMs ?? 10_000): Promise<{ answered: boolean; items: SetVariableOutcome[] }> {
    if (items.length === 0) throw new AppError('VALIDATION_FAILED', 'items is empty', { field: 'items' });
    const state = await this.store.bootReportState(stationId);
    if (!state) throw new AppError('STATION_NOT_FOUND', `station ${stationId} not found`, { field: 'stationId' });
    // A station that has not booted yet: keys without a component can only be 1.6 configuration keys.
    const v16 = state.ocppVersion === '1.6' || (state.ocppVersion === null && items.every((i) => !i.component || i.component.name === V16_COMPONENT));
    items.forEach((item, i) => {
      if (item.value === undefined) throw new AppError('VALIDATION_FAILED', `items[${i}] needs a value`, { field: `items/${i}/value` });
      if (v16 && item.component && item.component.name !== V16_COMPONENT) {
        throw new AppError('VALIDATION_FAILED', `station ${stationId} runs OCPP 1.6: its keys belong to component ${V16_COMPONENT}`, { field: `items/${i}/component` });
      }
      if (!v16 && !item.component) throw new AppError('VALIDATION_FAILED', `items[${i}] needs a component (OCPP 2.0.1)`, { field: `items/${i}/component` });
    });
    const batches = v16 ? items.map((i) => [i]) : batched(items, await this.#itemsPerMessage(stationId, 'SetVariables'));
    const commands: Command[] = [];
    for (const batch of batches) commands.push(await this.commands.submit({ stationId, kind: 'set-variables', params: { variables: batch }, principal }));
    const done = await this.#awaitFinal(commands.map((c) => c.id), waitMs);
    // Answered in the order asked, whichever message carried each item.
    const commandOf = new Map<VariableItem, Command>(batches.flatMap((b, n) => b.map((item) => [item, done[n]!] as const)));
    return { answered: done.every((c) => FINAL_STATUSES.includes(c.status)), items: items.map((item) => setOutcome(item, commandOf.get(item)!)) };
  }

  /** A get or set command was answered: what the station said it has (or took) is kept. */
  async commandAnswered(c: Command): Promise<void> {
    if (c.status !== 'accepted' && c.status !== 'rejected') return;
    const results = variableResultsOf(c);
    if (c.kind === 'set-variables') {
      const updates: AttributeUpdate[] = results
        .filter((r) => (r.status === 'Accepted' || r.status === 'RebootRequired') && r.value !== undefined)
        .map((r) => ({ component: r.component, variable: r.variable, attributeType: r.attributeType, value: r.value!, pending: r.status === 'RebootRequired' }));
      if (updates.length > 0) await this.store.recordUpdates(c.stationId, updates, this.clock.now());
      return;
    }
    const read: ReportedVariable[] = results
      .filter((r) => r.status === 'Accepted')
      .map((r) => ({ component: r.component, variable: r.variable, attributes: [{ type: r.attributeType, value: r.value, mutability: r.mutability }] }));
    // A 1.6 get-base-report brought the whole configuration in its answer (2.0.1 sends NotifyReport parts).
    const wholeConfiguration = c.kind === 'get-base-report' && results.length > 0 && results.every((r) => r.component.name === V16_COMPONENT);
    await (wholeConfiguration ? this.configurationRead(c.stationId, read) : this.reported(c.stationId, read));
  }

  /** 2.0.1 DeviceDataCtrlr.ItemsPerMessage[instance], as the station reported it (absent: no limit known). */
  async #itemsPerMessage(stationId: string, instance: string): Promise<number> {
    const [v] = await this.store.list(stationId, { component: 'DeviceDataCtrlr', variable: 'ItemsPerMessage' }).then((all) => all.filter((x) => x.variable.instance === instance));
    const n = Number(v?.attributes.find((a) => a.type === 'Actual')?.value);
    return Number.isInteger(n) && n > 0 ? n : Number.POSITIVE_INFINITY;
  }

  async #awaitFinal(ids: readonly string[], waitMs: number): Promise<Command[]> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const now = await Promise.all(ids.map(async (id) => (await this.commands.byId(id))!));
      if (now.every((c) => FINAL_STATUSES.includes(c.status)) || Date.now() >= deadline) return now;
      await sleep(100);
    }
  }
}

/**
 * SetVariables messages: at most `max` items each (the station's ItemsPerMessageSetVariables), and
 * one variable at most once per message (OCPP 2.0.1 B05), so a second value for it goes in a later one.
 */
export function batched(items: readonly VariableItem[], max: number): VariableItem[][] {
  const batches: VariableItem[][] = [];
  const key = (i: VariableItem) => JSON.stringify([i.component?.name, i.component?.instance, i.component?.evseId, i.component?.connectorId, i.variable.name, i.variable.instance, i.attributeType ?? 'Actual']);
  for (const item of items) {
    const k = key(item);
    const open = batches.find((b) => b.length < max && !b.some((x) => key(x) === k));
    if (open) open.push(item);
    else batches.push([item]);
  }
  return batches;
}

function setOutcome(item: VariableItem, c: Command): SetVariableOutcome {
  const component = item.component ?? { name: V16_COMPONENT };
  const base = { ...item, component, commandId: c.id };
  if (!FINAL_STATUSES.includes(c.status)) return { ...base, status: null, error: `the station has not answered yet (command ${c.status})` };
  const r = variableResultsOf(c).find((x) => sameComponent(x.component, component) && sameVariable(x.variable, item.variable) && x.attributeType === (item.attributeType ?? 'Actual'));
  if (!r) return { ...base, status: null, error: c.error ?? `command ${c.status}` };
  return { ...base, status: r.status, stationStatus: r.stationStatus, ...(r.info ? { info: r.info } : {}) };
}

/** The plain rows of a variable (a characteristic's maxLimit as a MaxLimit attribute), as connectorSpecsFrom reads them. */
export function asStationVariables(v: ReportedVariable): StationVariable[] {
  const base = { component: v.component.name, componentInstance: v.component.instance, evseNo: v.component.evseId, connectorNo: v.component.connectorId, variable: v.variable.name, variableInstance: v.variable.instance };
  const rows: StationVariable[] = v.attributes.map((a) => ({ ...base, attributeType: a.type, value: a.value }));
  if (v.characteristics?.maxLimit !== undefined) rows.push({ ...base, attributeType: 'MaxLimit', value: String(v.characteristics.maxLimit) });
  return rows;
}
