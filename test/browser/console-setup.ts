import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildConsole } from '../../src/console/build.js';
import { CHROMIUM } from './chromium.js';

declare module 'vitest' {
  interface ProvidedContext {
    /** The console built for this run (served by the platforms under test). */
    consoleDir: string;
  }
}

/** Builds the console once per run; the browser tests need Debian's chromium (.ci/run installs it). */
export default async function setup(project: TestProject): Promise<void> {
  try {
    await access(CHROMIUM);
  } catch {
    throw new Error(`Browser tests need Chromium at ${CHROMIUM}: apt-get install -y chromium (.ci/run does it when it is missing).`);
  }
  const built = await buildConsole(join(project.config.root, 'tmp', 'console-under-test'));
  project.provide('consoleDir', built.outDir);
}
