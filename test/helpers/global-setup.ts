import { mkdir, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/adapters/prisma/database.js';
import { migrate } from '../../src/adapters/prisma/migrator.js';
import { PG_ADMIN_URL, REDIS_URL } from './services.js';

declare module 'vitest' {
  interface ProvidedContext {
    /** A file holding an empty, migrated PGlite data directory (see test/helpers/platform.ts). */
    pgliteTemplate: string;
  }
}

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

/** An empty, migrated PGlite data directory, made once per run for the embedded platforms of the tests. */
async function pgliteTemplate(root: string): Promise<string> {
  const db = await openDatabase({ dataDir: 'memory://' });
  try {
    await migrate(db.sql);
    const blob = await db.dump!();
    const file = join(root, 'tmp', `pglite-template-${process.pid}.tar`);
    await mkdir(join(root, 'tmp'), { recursive: true });
    await writeFile(file, Buffer.from(await blob.arrayBuffer()));
    return file;
  } finally {
    await db.close();
  }
}

/** Integration and e2e tests need the real services: fail loudly, never skip silently. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const missing: string[] = [];
  if (!(await reachable(PG_ADMIN_URL, 5432))) missing.push(`PostgreSQL at ${PG_ADMIN_URL}`);
  if (!(await reachable(REDIS_URL, 6379))) missing.push(`Redis at ${REDIS_URL}`);
  if (missing.length > 0) {
    throw new Error(`Integration tests need ${missing.join(' and ')}; start them (see .ci/run) or set TEST_DATABASE_URL / TEST_REDIS_URL.`);
  }
  const template = await pgliteTemplate(project.config.root);
  project.provide('pgliteTemplate', template);
  return () => rm(template, { force: true });
}
