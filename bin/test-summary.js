#!/usr/bin/env node
// Prints one plain closing line, "N passed, N failed, N skipped", over the vitest JSON reports in test-results/.
import { readdirSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
let files = 0;
for (const f of readdirSync('test-results').filter((x) => x.endsWith('.json'))) {
  const r = JSON.parse(readFileSync(`test-results/${f}`, 'utf8'));
  passed += r.numPassedTests ?? 0;
  failed += r.numFailedTests ?? 0;
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  files++;
}
if (files === 0) {
  console.error('test-summary: no reports in test-results/');
  process.exit(1);
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
