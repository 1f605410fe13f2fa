/**
 * Runs the conformance suite and prints the README table: cases passed per 1.6 profile and 2.0.1
 * block, and every case not passed with its reason (from its name) or "fails" (see the test output).
 * Usage: npx tsx test/conformance/report.ts [--from tmp/test-report.json] (--from: print from an earlier run's JSON report)
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const NOT_PASSED = ' — not passed: ';
const argFrom = process.argv.indexOf('--from');
// test/vitest.config.ts writes the JSON report there.
const file = argFrom > 0 ? process.argv[argFrom + 1]! : 'tmp/test-report.json';

if (argFrom < 0) {
  spawnSync('npx', ['vitest', 'run', '--config', 'test/vitest.config.ts', '--project', 'conformance'], { stdio: ['ignore', 'ignore', 'inherit'], env: process.env });
}

interface Assertion {
  ancestorTitles: string[];
  title: string;
  status: string;
}
const report = JSON.parse(readFileSync(file, 'utf8')) as { testResults: { assertionResults: Assertion[] }[] };
const cases = report.testResults.flatMap((f) => f.assertionResults).filter((a) => /^TC_/.test(a.title));

/** "OCPP 2.0.1 K. Smart Charging" → version and block. */
const blockOf = (a: Assertion) => {
  const m = /^OCPP (1\.6|2\.0\.1) (.+?)(?: \(OCTT .*\))?$/.exec(a.ancestorTitles[0] ?? '');
  return { version: m?.[1] ?? '?', block: m?.[2] ?? a.ancestorTitles[0] ?? '?' };
};

const rows = new Map<string, { version: string; block: string; total: number; passed: number }>();
const notPassed: { id: string; why: string }[] = [];
for (const a of cases) {
  const { version, block } = blockOf(a);
  const key = `${version} ${block}`;
  const row = rows.get(key) ?? { version, block, total: 0, passed: 0 };
  row.total++;
  const [name, reason] = a.title.split(NOT_PASSED);
  if (a.status === 'passed' && reason === undefined) row.passed++;
  else notPassed.push({ id: name!, why: reason ?? (a.status === 'failed' ? 'FAILS (see the test output)' : a.status) });
  rows.set(key, row);
}

const order = [...rows.values()].sort((x, y) => x.version.localeCompare(y.version) || x.block.localeCompare(y.block));
const sum = (v: string, k: 'total' | 'passed') => order.filter((r) => r.version === v).reduce((n, r) => n + r[k], 0);
const lines = ['| OCPP | Profile / block | Cases | Passed | Not passed |', '| --- | --- | ---: | ---: | ---: |'];
for (const r of order) lines.push(`| ${r.version} | ${r.block} | ${r.total} | ${r.passed} | ${r.total - r.passed} |`);
for (const v of ['1.6', '2.0.1']) lines.push(`| **${v}** | **all** | **${sum(v, 'total')}** | **${sum(v, 'passed')}** | **${sum(v, 'total') - sum(v, 'passed')}** |`);
// Not passed, grouped by reason (many cases share one missing feature).
const byReason = new Map<string, string[]>();
for (const n of notPassed) byReason.set(n.why, [...(byReason.get(n.why) ?? []), n.id.split(' ')[0]!]);
lines.push('', 'Not passed, and why:', '');
for (const [why, ids] of byReason) lines.push(`- ${why}: ${ids.map((id) => `\`${id}\``).join(', ')}`);
console.log(lines.join('\n'));
