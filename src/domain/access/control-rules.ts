import type { CommandKind } from '../commands/index.js';
import type { Principal } from './principal.js';

/**
 * Whether an e-mobility service provider's customers may charge at a charge point operator's
 * stations. Today only within one operator; roaming agreements (OCPI, T/CEC 102) will answer here.
 */
export function mayRoam(emspOperatorId: string, cpoOperatorId: string): boolean {
  return emspOperatorId === cpoOperatorId;
}

export interface ControlRequest {
  readonly kind: CommandKind;
  readonly stationOperatorId: string;
  /** Owner of the id token used (start/reserve) or of the session's token (stop); null if unknown. */
  readonly tokenOperatorId: string | null;
}

/** Who may send which command: the admin anything, a CPO its own stations, an EMSP start/stop with its own tokens. */
export function mayControl(p: Principal, r: ControlRequest): boolean {
  if (p.kind === 'admin') return true;
  if (p.operatorId === r.stationOperatorId && p.roles.includes('CPO')) return true;
  if (!p.roles.includes('EMSP')) return false;
  const driverCommand = r.kind === 'start' || r.kind === 'stop' || r.kind === 'reserve' || r.kind === 'cancel-reservation';
  return driverCommand && r.tokenOperatorId === p.operatorId && mayRoam(p.operatorId, r.stationOperatorId);
}
