import net from 'node:net';
import { PG_ADMIN_URL, REDIS_URL } from './services.js';

function reachable(url: string, fallbackPort: number): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const s = net.connect({ host: u.hostname, port: Number(u.port || fallbackPort) });
    s.setTimeout(2_000);
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
    s.once('timeout', () => (s.destroy(), resolve(false)));
  });
}

/** Integration and e2e tests need the real services: fail loudly, never skip silently. */
export default async function setup(): Promise<void> {
  const missing: string[] = [];
  if (!(await reachable(PG_ADMIN_URL, 5432))) missing.push(`PostgreSQL at ${PG_ADMIN_URL}`);
  if (!(await reachable(REDIS_URL, 6379))) missing.push(`Redis at ${REDIS_URL}`);
  if (missing.length > 0) {
    throw new Error(`Integration tests need ${missing.join(' and ')}; start them (see .ci/run) or set TEST_DATABASE_URL / TEST_REDIS_URL.`);
  }
}
