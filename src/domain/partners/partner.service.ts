import { AppError } from '../../shared/errors.js';
import type { Clock } from '../../shared/clock.js';
import type { NewPartner, Partner, PartnerPatch, TcecSecrets } from './partner.model.js';
import type { PartnerMessage } from './partner-message.model.js';
import type { PartnerAccessTokens } from './partner-access.ports.js';
import type { PartnerMessageLog, PartnerStore } from './partner.ports.js';

const utf8Length = (s: string): number => new TextEncoder().encode(s).length;

/** T/CEC 102.4: DataSecret and DataSecretIV are 16-byte keys; the other two must be there. */
function checkSecrets(s: TcecSecrets, field: string): void {
  for (const name of ['dataSecret', 'dataSecretIv'] as const) {
    if (utf8Length(s[name]) !== 16) throw new AppError('VALIDATION_FAILED', `${field}.${name} must be 16 bytes`, { field: `${field}.${name}` });
  }
  for (const name of ['operatorSecret', 'sigSecret'] as const) {
    if (s[name].length === 0) throw new AppError('VALIDATION_FAILED', `${field}.${name} must not be empty`, { field: `${field}.${name}` });
  }
}

/** The roaming partner core: the same for every protocol edge (T/CEC 102 now, OCPI next). */
export class PartnerService {
  constructor(
    readonly store: PartnerStore,
    readonly messages: PartnerMessageLog,
    private readonly clock: Clock,
    /** Tokens we issued to partners: revoked when the secrets they were issued against change. */
    private readonly tokens?: Pick<PartnerAccessTokens, 'revokeAll'> | undefined,
  ) {}

  create(p: NewPartner): Promise<Partner> {
    checkSecrets(p.tcec.inbound, 'tcec.inbound');
    checkSecrets(p.tcec.outbound, 'tcec.outbound');
    return this.store.create(p);
  }

  async get(id: string): Promise<Partner> {
    const p = await this.store.get(id);
    if (!p) throw new AppError('PARTNER_NOT_FOUND', `partner ${id} not found`);
    return p;
  }

  list(): Promise<Partner[]> {
    return this.store.list();
  }

  async update(id: string, patch: PartnerPatch): Promise<Partner> {
    if (patch.tcec?.inbound) checkSecrets(patch.tcec.inbound, 'tcec.inbound');
    if (patch.tcec?.outbound) checkSecrets(patch.tcec.outbound, 'tcec.outbound');
    const updated = await this.store.update(id, patch);
    // New inbound secrets (or another OperatorID): a token got with the old ones is no longer good.
    if (patch.tcec?.inbound || patch.tcec?.partnerOperatorId) await this.tokens?.revokeAll(id);
    return updated;
  }

  delete(id: string): Promise<void> {
    return this.store.delete(id);
  }

  async messagesOf(id: string, page: { limit: number; before?: string | undefined }): Promise<{ items: PartnerMessage[]; nextCursor: string | null }> {
    await this.get(id);
    return this.messages.list(id, page);
  }

  /** Messages older than `days` go (the retention job). */
  pruneMessages(days: number): Promise<number> {
    return this.messages.prune(new Date(this.clock.now().getTime() - days * 86_400_000));
  }
}
