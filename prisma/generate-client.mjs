// Generates the Prisma client into src/adapters/prisma/generated (run by npm's postinstall).
// Prisma's CLI insists on a native schema engine even though `generate` does not use it; where it
// cannot be downloaded, any existing file satisfies the check, so we point it at node itself.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = fileURLToPath(new URL('../node_modules/prisma/build/index.js', import.meta.url));
if (!existsSync(cli)) {
  // A production install (npm ci --omit=dev) has no CLI: the image copies the client generated at build time.
  const generated = fileURLToPath(new URL('../src/adapters/prisma/generated/client.ts', import.meta.url));
  if (existsSync(generated)) process.exit(0);
  console.error('prisma CLI missing and no generated client: run npm install with dev dependencies');
  process.exit(1);
}
const env = { PRISMA_SCHEMA_ENGINE_BINARY: process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: '1', ...process.env };
const r = spawnSync(process.execPath, [cli, 'generate', '--schema', 'prisma/schema.prisma'], { cwd: root, env, stdio: 'inherit' });
process.exit(r.status ?? 1);
