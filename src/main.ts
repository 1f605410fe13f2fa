/**
 * The program: reads the configuration and starts the platform (src/composition wires it; the
 * tests start it the same way).
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import closeWithGrace from 'close-with-grace';
import pino from 'pino';
import { startPlatform } from './composition/platform.js';
import { ConfigError, loadConfig, type Config } from './config/index.js';

export { startPlatform, type Platform, type StartOptions } from './composition/platform.js';

async function cli(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { role: { type: 'string' }, seed: { type: 'boolean' } },
    allowPositionals: true,
  });
  let config: Config;
  try {
    config = loadConfig(process.env, { role: values.role, seed: values.seed });
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  const log = pino({ level: config.logLevel, redact: ['req.headers.authorization', '*.password', 'password'] });
  const seedOnly = positionals[0] === 'seed';
  const platform = await startPlatform(config, log, { seedOnly });
  if (seedOnly) return;
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) log.error({ err }, 'closing after an error');
    else log.info({ signal }, 'shutting down');
    await platform.close();
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  cli().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
