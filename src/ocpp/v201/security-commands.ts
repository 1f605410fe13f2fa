import type { Command, CommandOutcome } from '../../domain/commands/index.js';
import type { OutboundCall } from '../commands/outbound-call.js';
import { NotExpressible, type SendTimeSecrets } from '../commands/send-time.js';

/** Certificates (2.0.1 block A, M) and the station's HTTP Basic key (SecurityCtrlr.BasicAuthPassword). */
export function v201SecurityCall(c: Command, secrets: SendTimeSecrets): OutboundCall {
  const p = c.params;
  switch (c.kind) {
    case 'install-certificate':
      return { action: 'InstallCertificate', payload: { certificateType: p.certificateType, certificate: p.certificate } };
    case 'get-installed-certificate-ids':
      return { action: 'GetInstalledCertificateIds', payload: p.certificateTypes?.length ? { certificateType: [...p.certificateTypes] } : {} };
    case 'delete-certificate':
      return { action: 'DeleteCertificate', payload: { certificateHashData: p.certificateHashData } };
    case 'renew-certificate':
      // The station makes a new key pair and sends SignCertificate (A02/A03).
      return { action: 'TriggerMessage', payload: { requestedMessage: 'SignChargingStationCertificate' } };
    case 'rotate-password':
      if (!secrets.stationKey) throw new NotExpressible('no key was made for the rotation');
      return {
        action: 'SetVariables',
        payload: { setVariableData: [{ component: { name: 'SecurityCtrlr' }, variable: { name: 'BasicAuthPassword' }, attributeValue: secrets.stationKey }] },
      };
    case 'certificate-signed':
      return { action: 'CertificateSigned', payload: { certificateChain: p.certificateChain, ...(p.certificateType ? { certificateType: p.certificateType } : {}) } };
    default:
      throw new NotExpressible(`${c.kind} is not a security command`);
  }
}

/** SetVariables answers per variable; GetInstalledCertificateIds' NotFound is an answer (none installed), not a refusal. */
export function v201SecurityOutcome(kind: Command['kind'], response: Record<string, unknown>): CommandOutcome {
  if (kind === 'rotate-password') {
    const results = response['setVariableResult'] as { attributeStatus?: string }[] | undefined;
    const status = results?.[0]?.attributeStatus;
    if (status === 'Accepted') return { status: 'accepted', response, stationKey: 'promote' };
    // The key applies after a reboot: old and new stay valid until the station connects with the new one.
    if (status === 'RebootRequired') return { status: 'accepted', response };
    return { status: 'rejected', response, stationKey: 'drop' };
  }
  const status = response['status'];
  if (kind === 'get-installed-certificate-ids') return { status: status === 'Accepted' || status === 'NotFound' ? 'accepted' : 'rejected', response };
  return { status: status === 'Accepted' ? 'accepted' : 'rejected', response };
}
