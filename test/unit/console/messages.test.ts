import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en, zh } from '../../../src/console/app/messages.js';
import { CITIES } from '../../../src/domain/catalog/index.js';
import { COMMAND_KINDS, COMMAND_STATUSES } from '../../../src/domain/commands/index.js';
import { CDR_STATUSES } from '../../../src/domain/cdrs/index.js';
import { CONNECTOR_STATUSES } from '../../../src/domain/stations/index.js';
import { TARIFF_TIERS } from '../../../src/domain/pricing/index.js';

const APP = new URL('../../../src/console/app/', import.meta.url).pathname;

async function sources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (e.isDirectory()) out.push(...(await sources(join(dir, e.name))));
    else if (e.name.endsWith('.js')) out.push(await readFile(join(dir, e.name), 'utf8'));
  }
  return out;
}

/** The console's texts: every key the code asks for exists, in both languages. */
describe('console messages', () => {
  it('every literal key the console uses has an English text, and a Chinese one', async () => {
    const used = new Set<string>();
    for (const src of await sources(APP)) for (const m of src.matchAll(/\bt\('([a-zA-Z0-9.\-]+)'/g)) used.add(m[1]!);
    expect(used.size).toBeGreaterThan(100);
    expect([...used].filter((k) => !(k in en))).toEqual([]);
    expect([...used].filter((k) => !(k in zh))).toEqual([]);
  });

  it('the keys made from the platform’s vocabularies (statuses, cities, commands, tiers) all exist', () => {
    const keys = [
      ...CONNECTOR_STATUSES.map((s) => `status.${s}`),
      ...CITIES.map((c) => `city.${c}`),
      ...COMMAND_KINDS.map((k) => `command.${k}`),
      ...COMMAND_STATUSES.map((s) => `commandStatus.${s}`),
      ...CDR_STATUSES.map((s) => `cdrStatus.${s}`),
      ...TARIFF_TIERS.map((t) => `tier.${t}`),
      ...['ACTIVE', 'COMPLETED'].map((s) => `sessionStatus.${s}`),
      ...['overview', 'map', 'stations', 'sessions', 'money', 'partners'].map((p) => `nav.${p}`),
    ];
    expect(keys.filter((k) => !(k in en))).toEqual([]);
    expect(keys.filter((k) => !(k in zh))).toEqual([]);
  });

  it('Chinese has every English text, except the names of connector standards that read the same', () => {
    const missing = Object.keys(en).filter((k) => !(k in zh) && !/^standard\.(CCS|CHADEMO|TYPE)/.test(k));
    expect(missing).toEqual([]);
    // Placeholders match, so no text loses a figure in translation.
    const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');
    const mismatched = Object.keys(zh).filter((k) => k in en && holes(zh[k]!) !== holes(en[k]!));
    expect(mismatched).toEqual([]);
  });
});
