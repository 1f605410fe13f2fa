import type { Command, CommandOutcome } from '../../domain/commands/index.js';
import type { OutboundCall } from '../commands/outbound-call.js';
import { NotExpressible, type SendTimeSecrets } from '../commands/send-time.js';

/** 1.6 security extension names for the two root kinds it has. */
const ROOT_16: Record<string, string> = { CSMSRootCertificate: 'CentralSystemRootCertificate', ManufacturerRootCertificate: 'ManufacturerRootCertificate' };

function root16(type: string | undefined): string {
  const t = type === undefined ? undefined : ROOT_16[type];
  if (!t) throw new NotExpressible(`OCPP 1.6 stations know only CSMSRootCertificate and ManufacturerRootCertificate, not ${type}`);
  return t;
}

/** The OCPP 1.6 security extension (whitepaper edition 2) and the AuthorizationKey configuration key. */
export function v16SecurityCall(c: Command, secrets: SendTimeSecrets): OutboundCall {
  const p = c.params;
  switch (c.kind) {
    case 'install-certificate':
      return { action: 'InstallCertificate', payload: { certificateType: root16(p.certificateType), certificate: p.certificate } };
    case 'get-installed-certificate-ids': {
      const types = p.certificateTypes ?? ['CSMSRootCertificate'];
      if (types.length !== 1) throw new NotExpressible('an OCPP 1.6 station is asked for one certificateType at a time');
      return { action: 'GetInstalledCertificateIds', payload: { certificateType: root16(types[0]) } };
    }
    case 'delete-certificate':
      return { action: 'DeleteCertificate', payload: { certificateHashData: p.certificateHashData } };
    case 'renew-certificate':
      return { action: 'ExtendedTriggerMessage', payload: { requestedMessage: 'SignChargePointCertificate' } };
    case 'rotate-password':
      // Hex digits; the bytes they encode are the new HTTP Basic password (security whitepaper).
      if (!secrets.stationKey) throw new NotExpressible('no key was made for the rotation');
      return { action: 'ChangeConfiguration', payload: { key: 'AuthorizationKey', value: secrets.stationKey } };
    case 'certificate-signed':
      return { action: 'CertificateSigned', payload: { certificateChain: p.certificateChain } };
    default:
      throw new NotExpressible(`${c.kind} is not a security command`);
  }
}

export function v16SecurityOutcome(kind: Command['kind'], response: Record<string, unknown>): CommandOutcome {
  const status = response['status'];
  if (kind === 'rotate-password') {
    if (status === 'Accepted') return { status: 'accepted', response, stationKey: 'promote' };
    if (status === 'RebootRequired') return { status: 'accepted', response };
    return { status: 'rejected', response, stationKey: 'drop' };
  }
  if (kind === 'get-installed-certificate-ids') return { status: status === 'Accepted' || status === 'NotFound' ? 'accepted' : 'rejected', response };
  return { status: status === 'Accepted' ? 'accepted' : 'rejected', response };
}
