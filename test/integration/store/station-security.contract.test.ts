import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlCertificateRepository } from '../../../src/adapters/prisma/certificate.repository.js';
import { SqlCommandRepository } from '../../../src/adapters/prisma/command.repository.js';
import type { CommandOutcome } from '../../../src/domain/commands/index.js';
import { storeFixture } from '../../helpers/store-fixture.js';
import { STORE_TARGETS } from '../../helpers/store-targets.js';

const OLD = 'Xq7-kP2_zR9mW4tY';
const TLS_WITH_CERT = (cn: string) => ({ tls: true, clientCertificate: { commonName: cn, trusted: true } });

/** Station keys (rotation), security profiles and station certificates on every store. */
describe.each(STORE_TARGETS)('station security on $name', (target) => {
  let fx: ReturnType<typeof storeFixture>;
  let commands: SqlCommandRepository;
  let certificates: SqlCertificateRepository;
  let dispose: () => Promise<void>;
  let n = 0;

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    fx = storeFixture(opened.db);
    commands = new SqlCommandRepository(opened.db.sql);
    certificates = new SqlCertificateRepository(opened.db.sql);
    await fx.seedBasics();
  });
  afterAll(() => dispose());

  const ok = async (password: string | Buffer) => (await fx.stations.authenticate('ST-1', Buffer.isBuffer(password) ? password : Buffer.from(password))).ok;

  /** A rotate-password command sent now, its key made, then answered with this outcome. */
  async function rotation(outcome?: CommandOutcome, form: 'password-string' | 'authorization-key-hex' = 'password-string') {
    const id = `ROT-${++n}`;
    await commands.create({ id, stationId: 'ST-1', kind: 'rotate-password', params: {}, requestedBy: 'admin', expiresAt: new Date(Date.now() + 60_000) });
    expect((await commands.claimNext('ST-1', new Date()))?.id).toBe(id);
    const key = await fx.stations.issueKey('ST-1', id, form);
    if (outcome) await commands.complete(id, outcome, new Date());
    return { id, key };
  }

  /** Back to a known key with nothing pending. */
  async function reset() {
    await fx.catalog.updateStation('ST-1', { password: OLD });
    await fx.db.sql.query('UPDATE stations SET pending_password_hash = NULL, pending_password_command_id = NULL WHERE id = $1', ['ST-1']);
  }

  it('a key sent to the station is valid beside the old one until the station answers', async () => {
    await reset();
    const { key } = await rotation();
    expect(key).toHaveLength(32);
    expect(await ok(OLD)).toBe(true);
    expect(await ok(key)).toBe(true);
  });

  it('accepted: the new key replaces the old one', async () => {
    await reset();
    const { key } = await rotation({ status: 'accepted', response: { status: 'Accepted' }, stationKey: 'promote' });
    expect(await ok(key)).toBe(true);
    expect(await ok(OLD)).toBe(false);
  });

  it('rejected: the stored key is unchanged and the new one is dropped', async () => {
    await reset();
    const before = (await fx.db.sql.query<{ password_hash: string }>('SELECT password_hash FROM stations WHERE id = $1', ['ST-1']))[0]!.password_hash;
    const { key } = await rotation({ status: 'rejected', response: { status: 'Rejected' }, stationKey: 'drop' });
    expect((await fx.db.sql.query<{ password_hash: string }>('SELECT password_hash FROM stations WHERE id = $1', ['ST-1']))[0]!.password_hash).toBe(before);
    expect(await ok(OLD)).toBe(true);
    expect(await ok(key)).toBe(false);
  });

  it('no answer: both stay valid, and the station connecting with the new key makes it its key', async () => {
    await reset();
    const { key } = await rotation({ status: 'timed-out', error: 'no answer' });
    expect(await ok(OLD)).toBe(true);
    expect(await ok(key)).toBe(true);
    expect(await ok(OLD)).toBe(false);
  });

  it("an answer only touches the key its own command sent (a later rotation's key stays pending)", async () => {
    await reset();
    const first = await rotation();
    const second = await rotation();
    await commands.complete(first.id, { status: 'rejected', response: {}, stationKey: 'drop' }, new Date());
    expect(await ok(second.key)).toBe(true);
  });

  it('1.6: the key goes out as hex digits and the station presents the bytes (or, leniently, the digits)', async () => {
    await reset();
    const { key } = await rotation({ status: 'accepted', response: { status: 'Accepted' }, stationKey: 'promote' }, 'authorization-key-hex');
    expect(key).toMatch(/^[0-9a-f]{40}$/);
    expect(await ok(Buffer.from(key, 'hex'))).toBe(true);
    expect(await ok(key)).toBe(true);
    expect(await ok(OLD)).toBe(false);
  });

  it('profiles: a profile 3 station has no password and needs its certificate over TLS', async () => {
    await fx.catalog.createStation({ id: 'ST-3', operatorId: 'OP-A', locationId: 'LOC-1', securityProfile: 3 });
    expect(await fx.stations.authenticate('ST-3', undefined)).toEqual({ ok: false, reason: 'TLS_REQUIRED' });
    expect(await fx.stations.authenticate('ST-3', undefined, { tls: true })).toEqual({ ok: false, reason: 'CLIENT_CERTIFICATE_REQUIRED' });
    expect(await fx.stations.authenticate('ST-3', undefined, TLS_WITH_CERT('ST-1'))).toEqual({ ok: false, reason: 'CERTIFICATE_OF_ANOTHER_STATION' });
    expect(await fx.stations.authenticate('ST-3', undefined, TLS_WITH_CERT('ST-3'))).toMatchObject({ ok: true, securityProfile: 3 });
    expect((await fx.stationQueries.get('ST-3'))?.securityProfile).toBe(3);
    await expect(fx.catalog.createStation({ id: 'ST-2', operatorId: 'OP-A', securityProfile: 2 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('certificates: a request is stored with its event, issued once, listed newest first', async () => {
    const at = new Date('2026-03-01T09:00:00Z');
    await certificates.request({ id: 'CR-1', stationId: 'ST-1', certificateType: 'ChargingStationCertificate', csr: 'PEM-1', subject: 'CN=ST-1', requestedAt: at });
    await certificates.request({ id: 'CR-2', stationId: 'ST-1', certificateType: 'ChargingStationCertificate', csr: 'PEM-2', subject: 'CN=ST-1', requestedAt: new Date(at.getTime() + 1000) });
    const events = await fx.db.sql.query<{ kind: string; payload: unknown }>("SELECT kind, payload FROM outbox_events WHERE kind = 'certificate.requested' ORDER BY id");
    expect(events.map((e) => (typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload))).toEqual([
      { requestId: 'CR-1', stationId: 'ST-1' },
      { requestId: 'CR-2', stationId: 'ST-1' },
    ]);
    const issued = { certificatePem: 'CERT', chainPem: 'CERT+CA', serialNumber: 'AB12', subject: 'CN=ST-1', notBefore: at, notAfter: new Date('2027-03-01T09:00:00Z') };
    expect(await certificates.markIssued('CR-1', issued, 'CMD-1', at)).toBe(true);
    expect(await certificates.markIssued('CR-1', issued, 'CMD-2', at)).toBe(false);
    await certificates.markFailed('CR-2', 'CA down', at);
    await certificates.markFailed('CR-1', 'too late', at);
    expect(await certificates.get('CR-1')).toMatchObject({ status: 'issued', certificate: 'CERT', serialNumber: 'AB12', commandId: 'CMD-1', notAfter: new Date('2027-03-01T09:00:00Z'), error: null });
    expect((await certificates.listForStation('ST-1', 10)).map((c) => [c.id, c.status, c.error])).toEqual([
      ['CR-2', 'failed', 'CA down'],
      ['CR-1', 'issued', null],
    ]);
    expect(await certificates.get('NOPE')).toBeNull();
  });
});
