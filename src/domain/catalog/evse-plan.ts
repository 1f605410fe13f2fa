import type { ConnectorFormat, EvseChanges, EvseLayout } from './catalog.model.js';

/** A connector as the store holds it (retired ones too). */
export interface StoredConnector {
  readonly connectorNo: number;
  readonly standard: string;
  readonly format: string;
  readonly maxPowerW: number | null;
  readonly retired: boolean;
}

export interface StoredEvse {
  readonly evseNo: number;
  readonly retired: boolean;
  readonly connectors: readonly StoredConnector[];
}

/** The writes that bring a station's stored EVSEs to the desired list. */
export interface EvsePlan {
  readonly changes: EvseChanges;
  /** EVSE rows to create or update (in service, with their power). */
  readonly upsertEvses: { evseNo: number; maxPowerW: number | null }[];
  /** Connectors to create, or update and put back in service. */
  readonly upsertConnectors: { evseNo: number; connectorNo: number; standard: string; format: ConnectorFormat; maxPowerW: number }[];
  readonly retireConnectors: { evseNo: number; connectorNo: number }[];
  readonly deleteConnectors: { evseNo: number; connectorNo: number }[];
  /** EVSEs left out that keep retired connectors. */
  readonly retireEvses: number[];
  /** EVSEs left out with nothing kept. */
  readonly deleteEvses: number[];
}

const watts = (kw: number): number => Math.round(kw * 1000);

/**
 * Reconciles the stored EVSEs with the full desired list: what is named is created or updated
 * (a retired one comes back), what is left out is retired when history names it, deleted when
 * nothing does. An EVSE left out is retired while it keeps a retired connector, else deleted.
 * `hasHistory(evseNo, connectorNo)` says whether sessions, CDRs, roaming charges or reservations
 * name that connector.
 */
export function planEvses(stored: readonly StoredEvse[], desired: readonly EvseLayout[], hasHistory: (evseNo: number, connectorNo: number) => boolean): EvsePlan {
  const plan: EvsePlan = {
    changes: { added: [], changed: [], restored: [], retired: [], deleted: [] },
    upsertEvses: [],
    upsertConnectors: [],
    retireConnectors: [],
    deleteConnectors: [],
    retireEvses: [],
    deleteEvses: [],
  };
  const byNo = new Map(stored.map((e) => [e.evseNo, e]));
  const wanted = new Map(desired.map((e) => [e.evseId, e]));
  for (const e of desired) {
    const before = byNo.get(e.evseId);
    const maxPowerW = Math.max(0, ...e.connectors.map((c) => watts(c.maxPowerKw))) || null;
    plan.upsertEvses.push({ evseNo: e.evseId, maxPowerW });
    for (const c of e.connectors) {
      const key = `${e.evseId}/${c.connectorId}`;
      const format = c.format ?? 'CABLE';
      const row = { evseNo: e.evseId, connectorNo: c.connectorId, standard: c.standard, format, maxPowerW: watts(c.maxPowerKw) };
      const was = before?.connectors.find((x) => x.connectorNo === c.connectorId);
      if (!was) plan.changes.added.push(key);
      else if (was.retired) plan.changes.restored.push(key);
      else if (was.standard !== row.standard || was.format !== format || was.maxPowerW !== row.maxPowerW) plan.changes.changed.push(key);
      else continue;
      plan.upsertConnectors.push(row);
    }
  }
  for (const e of stored) {
    const keep = wanted.get(e.evseNo);
    let kept = 0;
    for (const c of e.connectors) {
      if (keep?.connectors.some((x) => x.connectorId === c.connectorNo)) continue;
      const at = { evseNo: e.evseNo, connectorNo: c.connectorNo };
      if (hasHistory(e.evseNo, c.connectorNo)) {
        kept++;
        if (c.retired) continue;
        plan.retireConnectors.push(at);
        plan.changes.retired.push(`${e.evseNo}/${c.connectorNo}`);
      } else {
        plan.deleteConnectors.push(at);
        if (!c.retired) plan.changes.deleted.push(`${e.evseNo}/${c.connectorNo}`);
      }
    }
    if (keep) continue;
    if (kept > 0) {
      if (!e.retired) plan.retireEvses.push(e.evseNo);
    } else plan.deleteEvses.push(e.evseNo);
  }
  return plan;
}

/** Whether the plan changes anything drivers' answers are built from. */
export function planChangesSomething(p: EvsePlan): boolean {
  const c = p.changes;
  return c.added.length + c.changed.length + c.restored.length + c.retired.length + c.deleted.length > 0 || p.retireEvses.length + p.deleteEvses.length > 0;
}
