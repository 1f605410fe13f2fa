import type { CommandKind } from '../commands/index.js';
import type { Principal } from './principal.js';
import type { RoamingVerdict } from './roaming.js';

export interface ControlRequest {
  readonly kind: CommandKind;
  readonly stationOperatorId: string;
  /** Owner of the id token used (start/reserve) or of the session's token (stop); null if unknown. */
  readonly tokenOperatorId: string | null;
  /** Whether that token may charge at the station (mayRoam over the agreements), when it is known. */
  readonly roaming: RoamingVerdict | null;
}

/**
 * Who may send which command: the admin anything, a CPO its own stations, an EMSP start/stop and
 * reservations with its own tokens where an agreement lets them charge.
 */
export function mayControl(p: Principal, r: ControlRequest): boolean {
  if (p.kind === 'admin') return true;
  if (p.operatorId === r.stationOperatorId && p.roles.includes('CPO')) return true;
  if (!p.roles.includes('EMSP')) return false;
  const driverCommand = r.kind === 'start' || r.kind === 'stop' || r.kind === 'reserve' || r.kind === 'cancel-reservation';
  return driverCommand && r.tokenOperatorId === p.operatorId && r.roaming?.allowed === true;
}
