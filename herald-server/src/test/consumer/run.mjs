// The consumer check: packs herald-js and herald-node (npm pack), installs the two tarballs in a new
// temporary project next to TypeScript from the registry, type-checks check.ts with tsc --strict
// (bundler and NodeNext resolution) and runs runtime.mjs in Node. Run by PackedPackagesIT, or by hand:
//   node herald-server/src/test/consumer/run.mjs   [HERALD_URL=... HERALD_API_KEY=... for the round trip]
// Prints "consumer-check: all passed" at the end; any failure exits non-zero.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..', '..', '..');
const packages = [path.join(repo, 'herald-js'), path.join(repo, 'herald-node')];
const work = mkdtempSync(path.join(tmpdir(), 'herald-consumer-'));
const keep = process.env.KEEP_CONSUMER_DIR === '1';

function run(cmd, args, cwd = work) {
  console.log(`consumer-check: $ ${cmd} ${args.join(' ')}`);
  execFileSync(cmd, args, { cwd, stdio: 'inherit', env: { ...process.env, npm_config_update_notifier: 'false' } });
}

try {
  for (const file of ['package.json', 'tsconfig.bundler.json', 'tsconfig.nodenext.json', 'check.ts', 'runtime.mjs']) {
    copyFileSync(path.join(here, file), path.join(work, file));
  }
  for (const dir of packages) {
    console.log(`consumer-check: $ npm pack --json ${dir}`);
    const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work, dir],
      { cwd: work, encoding: 'utf8' }));
    // What a user downloads: the package's modules, declarations and styles, nothing of its tests.
    const stray = packed.files.map((f) => f.path)
      .filter((f) => !/^(src\/.+\.(js|d\.ts|css)|package\.json|README\.md|LICENSE)$/.test(f));
    if (stray.length > 0) throw new Error(`${packed.name} would publish ${stray.join(', ')}`);
    console.log(`consumer-check: ${packed.filename}: ${packed.files.length} files, ${packed.size} bytes`);
  }
  const tarballs = readdirSync(work).filter((f) => f.endsWith('.tgz')).map((f) => `./${f}`);
  if (tarballs.length !== packages.length) throw new Error(`expected ${packages.length} tarballs, got ${tarballs}`);
  // --prefer-offline: what npm's cache holds is used without asking the registry again.
  try {
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--fetch-retries=1', '--loglevel=error',
      ...tarballs]);
  } catch {
    // Exit code 3: the registry could not be reached (PackedPackagesIT skips, or fails with CI=true).
    console.log('consumer-check: npm install failed (is the npm registry reachable?)');
    process.exitCode = 3;
    throw new Error('npm install failed');
  }
  run(process.execPath, [path.join(work, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.bundler.json']);
  console.log('consumer-check: tsc --strict (bundler resolution) passed');
  run(process.execPath, [path.join(work, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.nodenext.json']);
  console.log('consumer-check: tsc --strict (NodeNext resolution) passed');
  run(process.execPath, ['runtime.mjs']);
  console.log('consumer-check: all passed');
} catch (e) {
  if (process.exitCode !== 3) {
    console.log(`consumer-check: FAILED: ${e.message}`);
    process.exitCode = 1;
  }
} finally {
  if (keep) console.log(`consumer-check: kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
