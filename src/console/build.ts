/**
 * Builds the web console: one minified ES module and one stylesheet (content-hashed names) from
 * src/console/app, index.html pointing at them, and .gz/.br copies that @fastify/static serves to
 * browsers that take them. Runs before `npm start` (prestart), in `npm run build`, and before the
 * browser tests; it takes well under a second.
 *
 *   tsx src/console/build.ts [outDir]      (default dist/console)
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));

export interface ConsoleBuild {
  readonly outDir: string;
  /** Bytes of each served file: raw, gzip and brotli. */
  readonly files: { name: string; bytes: number; gzip: number; brotli: number; firstPaint: boolean }[];
  readonly totals: { bytes: number; gzip: number; brotli: number };
  /** What a browser loads before the first page shows (the page, the main script, the stylesheet). */
  readonly firstPaint: { bytes: number; gzip: number; brotli: number };
}

export async function buildConsole(outDir = resolve('dist/console')): Promise<ConsoleBuild> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const result = await build({
    entryPoints: [join(here, 'app/main.js')],
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['chrome100', 'firefox100', 'safari15'],
    outdir: outDir,
    entryNames: 'app-[hash]',
    // The map (Leaflet) and the chart (uPlot) load with their pages, not before the first paint.
    splitting: true,
    chunkNames: 'chunk-[hash]',
    assetNames: 'assets/[name]-[hash]',
    loader: { '.png': 'file', '.svg': 'file', '.json': 'json' },
    metafile: true,
    legalComments: 'linked',
    logLevel: 'warning',
  });
  const outputs = Object.entries(result.metafile.outputs);
  const js = outputs.find(([, o]) => o.entryPoint?.endsWith('app/main.js'))?.[0];
  const css = outputs.find(([p]) => p.endsWith('.css'))?.[0];
  // Lazily loaded pages and the code they share.
  const chunks = outputs.filter(([p]) => p.endsWith('.js') && p !== js).map(([p]) => resolve(p));
  if (!js || !css) throw new Error('console build made no script or no stylesheet');
  const html = (await readFile(join(here, 'index.html'), 'utf8')).replace('%APP_JS%', basename(js)).replace('%APP_CSS%', basename(css));
  const index = join(outDir, 'index.html');
  await writeFile(index, html);
  const first = [index, resolve(js), resolve(css)];

  const files: ConsoleBuild['files'][number][] = [];
  for (const path of [...first, ...chunks]) {
    const bytes = await readFile(path);
    const gz = gzipSync(bytes, { level: 9 });
    const br = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
    await writeFile(`${path}.gz`, gz);
    await writeFile(`${path}.br`, br);
    files.push({ name: basename(path), bytes: bytes.length, gzip: gz.length, brotli: br.length, firstPaint: first.includes(path) });
  }
  const sum = (fs: typeof files) => fs.reduce((t, f) => ({ bytes: t.bytes + f.bytes, gzip: t.gzip + f.gzip, brotli: t.brotli + f.brotli }), { bytes: 0, gzip: 0, brotli: 0 });
  const report: ConsoleBuild = { outDir, files, totals: sum(files), firstPaint: sum(files.filter((f) => f.firstPaint)) };
  await writeFile(join(outDir, 'build-report.json'), JSON.stringify(report, null, 2));
  return report;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const r = await buildConsole(process.argv[2] ? resolve(process.argv[2]) : undefined);
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  process.stdout.write(
    `console built in ${r.outDir}: ${r.files.length} files, ${kb(r.totals.bytes)} (gzip ${kb(r.totals.gzip)}); before the first paint ${kb(r.firstPaint.bytes)} (gzip ${kb(r.firstPaint.gzip)})\n`,
  );
}
