import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { PG_ADMIN_URL } from './services.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The SQL that schema.prisma implies, from Prisma's own differ (Prisma 6.19's JS schema engine,
 * which runs offline; Prisma 7's migrate needs a native engine this machine cannot download).
 */
export async function sqlFromPrismaSchema(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'xj-schema-'));
  try {
    const schema = (await readFile(join(root, 'prisma/schema.prisma'), 'utf8'))
      .replace(/generator client \{[\s\S]*?\n\}/, 'generator client {\n  provider = "prisma-client-js"\n}')
      .replace(/datasource db \{[\s\S]*?\n\}/, `datasource db {\n  provider = "postgresql"\n  url      = "${PG_ADMIN_URL}"\n}`);
    await writeFile(join(dir, 'schema.prisma'), schema);
    const adapter = pathToFileURL(join(root, 'node_modules/@prisma/adapter-pg/dist/index.mjs')).href;
    await writeFile(
      join(dir, 'prisma.config.mjs'),
      `import { PrismaPg } from '${adapter}';
export default {
  experimental: { adapter: true },
  engine: 'js',
  schema: 'schema.prisma',
  adapter: async () => new PrismaPg({ connectionString: '${PG_ADMIN_URL}' }),
};\n`,
    );
    const cli = join(root, 'node_modules/prisma-schema-diff/build/index.js');
    const { stdout } = await run(process.execPath, [cli, 'migrate', 'diff', '--from-empty', '--to-schema-datamodel', 'schema.prisma', '--script'], {
      cwd: dir,
      env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.execPath, PRISMA_QUERY_ENGINE_LIBRARY: process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
