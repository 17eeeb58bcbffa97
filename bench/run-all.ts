/**
 * `npm run bench [-- AREA...]`: runs bench/<area>.bench.ts (each exports `bench(): Promise<string>` returning
 * a markdown section) and writes bench/RESULTS.md. With areas given, only those run, and their sections
 * replace the same sections of the existing RESULTS.md.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';

interface BenchModule {
  bench(): Promise<string>;
}

const here = new URL('./', import.meta.url);
const all = (await readdir(here)).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace('.bench.ts', '')).sort();
const wanted = process.argv.slice(2);
const areas = wanted.length > 0 ? all.filter((a) => wanted.includes(a)) : all;
const resultsUrl = new URL('RESULTS.md', here);

const startMarker = (a: string): string => `<!-- bench:${a}:start -->`;
const endMarker = (a: string): string => `<!-- bench:${a}:end -->`;

/** The sections of RESULTS.md as it is on disk now (another bench run may have written it meanwhile). */
async function readSections(): Promise<Map<string, string>> {
  const text = await readFile(resultsUrl, 'utf8').catch(() => '');
  const out = new Map<string, string>();
  for (const a of all) {
    const s = text.indexOf(startMarker(a));
    const e = text.indexOf(endMarker(a));
    if (s >= 0 && e > s) out.set(a, text.slice(s + startMarker(a).length, e).trim());
  }
  return out;
}

const fresh = new Map<string, string>();
for (const area of areas) {
  console.error(`[bench] ${area} ...`);
  const t0 = performance.now();
  try {
    const mod = (await import(new URL(`${area}.bench.ts`, here).href)) as BenchModule;
    const md = await mod.bench();
    fresh.set(area, `${md.trim()}\n\n_Run ${new Date().toISOString()}, ${((performance.now() - t0) / 1000).toFixed(1)} s._`);
  } catch (e) {
    console.error(`[bench] ${area} failed:`, e);
    fresh.set(area, `## ${area}\n\nThe benchmark failed on ${new Date().toISOString()}: ${String(e)}`);
  }
  console.error(`[bench] ${area} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const header = [
  '# beamflow benchmark results',
  '',
  `Written by \`npm run bench\`. Machine of the last run: ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}.`,
  'Every ratio compares beamflow with the reference program measured in the same run on the same machine',
  '(medians of several runs). These machines are shared and noisy: ratios hold better than absolute times.',
  '',
].join('\n');
// Re-read just before writing and replace only the sections this run produced.
const sections = await readSections();
for (const [a, md] of fresh) sections.set(a, md);
const body = all
  .filter((a) => sections.has(a))
  .map((a) => `${startMarker(a)}\n${sections.get(a)}\n${endMarker(a)}`)
  .join('\n\n');
await writeFile(resultsUrl, `${header}\n${body}\n`);
console.error(`[bench] wrote ${resultsUrl.pathname}`);
