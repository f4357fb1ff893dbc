// Is the committed build (dist/) what the sources build to? Builds into a scratch folder
// and compares file by file; exits 1 naming the differences (run `npm run build` and
// commit dist/). The Rust test suite runs this (tests/api/dashboard_e2e.rs, ADR 0030).
import { build } from 'vite';
import { execSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
execSync('npm run codegen --silent', { cwd: root, stdio: 'inherit' });
const scratch = mkdtempSync(join(tmpdir(), 'tagih-dashboard-'));
await build({ root, logLevel: 'error', build: { outDir: scratch, emptyOutDir: true } });

function files(dir) {
  const out = [];
  const walk = (d) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

const committed = join(root, 'dist');
const want = files(scratch);
const have = files(committed);
const problems = [];
for (const f of want) {
  if (!have.includes(f)) problems.push(`missing from dist/: ${f}`);
  else if (!readFileSync(join(scratch, f)).equals(readFileSync(join(committed, f)))) problems.push(`differs: ${f}`);
}
for (const f of have) if (!want.includes(f)) problems.push(`stale in dist/: ${f}`);
rmSync(scratch, { recursive: true, force: true });
if (problems.length) {
  console.error(`dashboard/dist is not what the sources build to:\n${problems.join('\n')}\nRun \`npm run build\` in dashboard/ and commit dist/.`);
  process.exit(1);
}
console.log(`dashboard/dist is fresh (${want.length} files)`);
