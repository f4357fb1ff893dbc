// The dashboard's weight: JS + CSS gzipped must stay within 250 kB (issue 14's budget).
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const dir = new URL('../dist/assets/', import.meta.url).pathname;
const LIMIT = 250 * 1024;
let total = 0;
for (const f of readdirSync(dir).filter((f) => /\.(js|css)$/.test(f))) {
  const gz = gzipSync(readFileSync(join(dir, f)), { level: 9 }).length;
  total += gz;
  console.log(`${f}: ${(gz / 1024).toFixed(1)} kB gzipped`);
}
console.log(`JS+CSS: ${(total / 1024).toFixed(1)} kB gzipped (budget ${LIMIT / 1024} kB)`);
if (total > LIMIT) {
  console.error('over the budget');
  process.exit(1);
}
