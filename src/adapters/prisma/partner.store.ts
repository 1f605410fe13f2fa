import {
  operatorRolesOf,
  publicTcecSettings,
  type NewPartner,
  type Partner,
  type PartnerPatch,
  type PartnerStore,
  type SecretSealer,
  type TcecPublicSettings,
  type TcecSecrets,
} from '../../domain/partners/index.js';
import { AppError } from '../../shared/errors.js';
import type { Sql, SqlConnection } from './database.js';

interface Row {
  id: string;
  name: string;
  protocol: string;
  role: string;
  operator_ids: string[];
  state: string;
  last_error: string | null;
  last_error_at: Date | string | null;
  settings: TcecPublicSettings | string;
  secrets: string;
  created_at: Date | string;
  updated_at: Date | string;
}

interface SealedSecrets {
  inbound: TcecSecrets;
  outbound: TcecSecrets;
}

const COLUMNS = `id, name, protocol, role, state, last_error, last_error_at, settings, secrets, created_at, updated_at,
  ARRAY(SELECT po.operator_id FROM partner_operators po WHERE po.partner_id = partners.id ORDER BY po.position) AS operator_ids`;

const isFk = (e: unknown): boolean => ['23503', '23001'].includes(String((e as { code?: unknown } | null)?.code));
const isUnique = (e: unknown): boolean => (e as { code?: unknown } | null)?.code === '23505';

/** Partners in plain SQL; the secrets column holds one sealed JSON text, never the secrets in the clear. */
export class SqlPartnerStore implements PartnerStore {
  constructor(
    private readonly sql: SqlConnection,
    private readonly sealer: SecretSealer,
  ) {}

  async create(p: NewPartner): Promise<Partner> {
    const row = await this.sql.transaction(async (tx) => {
      const [taken] = await tx.query<{ partner: boolean; operator: boolean; tcec: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM partners WHERE id = $1) AS partner, EXISTS (SELECT 1 FROM operators WHERE id = $1) AS operator,
                EXISTS (SELECT 1 FROM partners WHERE tcec_operator_id = $2) AS tcec`,
        [p.id, p.tcec.partnerOperatorId],
      );
      if (taken?.partner) throw new AppError('PARTNER_ALREADY_EXISTS', `partner ${p.id} already exists`, { field: 'id' });
      if (taken?.operator) throw new AppError('OPERATOR_ALREADY_EXISTS', `operator ${p.id} already exists: a partner gets an operator record of its own`, { field: 'id' });
      await requireMembers(tx, p.operatorIds);
      if (taken?.tcec) throw new AppError('PARTNER_ALREADY_EXISTS', `a partner with OperatorID ${p.tcec.partnerOperatorId} already exists`, { field: 'tcec.partnerOperatorId' });
      await tx.query(`INSERT INTO operators (id, name, roles) VALUES ($1, $2, $3::text[])`, [p.id, p.name, operatorRolesOf(p.role)]);
      await tx.query(
        `INSERT INTO partners (id, name, protocol, role, state, tcec_operator_id, settings, secrets)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8)`,
        [p.id, p.name, p.protocol, p.role, p.state ?? 'active', p.tcec.partnerOperatorId, JSON.stringify(publicTcecSettings(p.tcec)), this.#seal(p.tcec)],
      );
      await setMembers(tx, p.id, p.operatorIds);
      const [r] = await tx.query<Row>(`SELECT ${COLUMNS} FROM partners WHERE id = $1`, [p.id]);
      return r!;
    }).catch((e: unknown) => {
      // Two creations racing past the checks above.
      if (isUnique(e)) throw new AppError('PARTNER_ALREADY_EXISTS', `partner ${p.id} already exists`, { field: 'id' });
      throw e;
    });
    return this.#fromRow(row);
  }

  async get(id: string): Promise<Partner | null> {
    const [r] = await this.sql.query<Row>(`SELECT ${COLUMNS} FROM partners WHERE id = $1`, [id]);
    return r ? this.#fromRow(r) : null;
  }

  async list(): Promise<Partner[]> {
    return (await this.sql.query<Row>(`SELECT ${COLUMNS} FROM partners ORDER BY id`)).map((r) => this.#fromRow(r));
  }

  async findByTcecOperatorId(partnerOperatorId: string): Promise<Partner | null> {
    const [r] = await this.sql.query<Row>(`SELECT ${COLUMNS} FROM partners WHERE tcec_operator_id = $1`, [partnerOperatorId]);
    return r ? this.#fromRow(r) : null;
  }

  async update(id: string, patch: PartnerPatch): Promise<Partner> {
    const row = await this.sql.transaction(async (tx) => {
      const [r] = await tx.query<Row>(`SELECT ${COLUMNS} FROM partners WHERE id = $1 FOR UPDATE`, [id]);
      if (!r) throw new AppError('PARTNER_NOT_FOUND', `partner ${id} not found`);
      const current = this.#fromRow(r);
      const tcec = { ...current.tcec, ...definedOnly(patch.tcec ?? {}) };
      const role = patch.role ?? current.role;
      if (patch.operatorIds !== undefined) await requireMembers(tx, patch.operatorIds);
      try {
        await tx.query(
          `UPDATE partners SET name = $2, role = $3, state = $4, tcec_operator_id = $5, settings = $6::jsonb, secrets = $7,
             last_error = CASE WHEN $8::boolean THEN NULL ELSE last_error END,
             last_error_at = CASE WHEN $8::boolean THEN NULL ELSE last_error_at END, updated_at = now()
           WHERE id = $1`,
          // Setting the state to active by hand clears the last error (the admin says it is dealt with).
          [id, patch.name ?? current.name, role, patch.state ?? current.state, tcec.partnerOperatorId, JSON.stringify(publicTcecSettings(tcec)), this.#seal(tcec), patch.state === 'active'],
        );
        if (patch.operatorIds !== undefined) await setMembers(tx, id, patch.operatorIds);
        const [u] = await tx.query<Row>(`SELECT ${COLUMNS} FROM partners WHERE id = $1`, [id]);
        if (patch.name !== undefined || patch.role !== undefined) {
          await tx.query(`UPDATE operators SET name = $2, roles = $3::text[], updated_at = now() WHERE id = $1`, [id, patch.name ?? current.name, operatorRolesOf(role)]);
        }
        return u!;
      } catch (e) {
        if (isFk(e)) throw new AppError('OPERATOR_NOT_FOUND', `an operator of ${(patch.operatorIds ?? []).join(', ')} is gone`, { field: 'operatorIds' });
        if (isUnique(e)) throw new AppError('PARTNER_ALREADY_EXISTS', `a partner with OperatorID ${tcec.partnerOperatorId} already exists`, { field: 'tcec.partnerOperatorId' });
        throw e;
      }
    });
    return this.#fromRow(row);
  }

  async recordOutcome(id: string, error: { message: string; at: Date } | null): Promise<void> {
    if (error) {
      await this.sql.query(
        `UPDATE partners SET last_error = $2, last_error_at = $3, state = CASE WHEN state = 'suspended' THEN state ELSE 'failing' END, updated_at = now() WHERE id = $1`,
        [id, error.message, error.at],
      );
    } else {
      await this.sql.query(`UPDATE partners SET state = 'active', updated_at = now() WHERE id = $1 AND state = 'failing'`, [id]);
    }
  }

  async delete(id: string): Promise<void> {
    await this.sql.transaction(async (tx) => {
      const gone = await tx.query(`DELETE FROM partners WHERE id = $1 RETURNING id`, [id]);
      if (gone.length === 0) throw new AppError('PARTNER_NOT_FOUND', `partner ${id} not found`);
      // Its operator record goes too, unless agreements, CDRs or statements still name it.
      await tx.query('SAVEPOINT partner_operator');
      try {
        await tx.query(`DELETE FROM operators WHERE id = $1`, [id]);
        await tx.query('RELEASE SAVEPOINT partner_operator');
      } catch (e) {
        if (!isFk(e)) throw e;
        await tx.query('ROLLBACK TO SAVEPOINT partner_operator');
      }
    });
  }

  #seal(s: SealedSecrets): string {
    return this.sealer.seal(JSON.stringify({ inbound: s.inbound, outbound: s.outbound }));
  }

  #fromRow(r: Row): Partner {
    const settings = (typeof r.settings === 'string' ? JSON.parse(r.settings) : r.settings) as TcecPublicSettings;
    let secrets: SealedSecrets;
    try {
      secrets = JSON.parse(this.sealer.open(r.secrets)) as SealedSecrets;
    } catch (e) {
      // A different key than the one that sealed them (a node without the shared key, a lost key file).
      throw new Error(`the secrets of partner ${r.id} cannot be opened with this PARTNER_SECRETS_KEY`, { cause: e });
    }
    return {
      id: r.id,
      name: r.name,
      protocol: r.protocol as Partner['protocol'],
      role: r.role as Partner['role'],
      operatorIds: [...r.operator_ids],
      state: r.state as Partner['state'],
      lastError: r.last_error === null ? null : { message: r.last_error, at: new Date(r.last_error_at ?? r.updated_at) },
      tcec: { ...settings, inbound: secrets.inbound, outbound: secrets.outbound },
      createdAt: new Date(r.created_at),
      updatedAt: new Date(r.updated_at),
    };
  }
}

/** Each must be a member operator of ours (OPERATOR_NOT_FOUND naming the first that is not). */
async function requireMembers(tx: Sql, operatorIds: readonly string[]): Promise<void> {
  const found = new Set((await tx.query<{ id: string }>(`SELECT id FROM operators WHERE id = ANY($1::text[])`, [[...operatorIds]])).map((r) => r.id));
  const i = operatorIds.findIndex((id) => !found.has(id));
  if (i >= 0) throw new AppError('OPERATOR_NOT_FOUND', `operator ${operatorIds[i]} not found`, { field: `operatorIds.${i}` });
}

async function setMembers(tx: Sql, partnerId: string, operatorIds: readonly string[]): Promise<void> {
  await tx.query(`DELETE FROM partner_operators WHERE partner_id = $1`, [partnerId]);
  await tx.query(
    `INSERT INTO partner_operators (partner_id, operator_id, position) SELECT $1, o, p - 1 FROM unnest($2::text[]) WITH ORDINALITY AS t(o, p)`,
    [partnerId, [...operatorIds]],
  );
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
