// The package as it is shipped: its declarations compile under tsc --strict (and refuse what they
// must), and npm pack holds the sources and declarations, nothing else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const dir = fileURLToPath(new URL('..', import.meta.url));
const tsc = `${dir}node_modules/.bin/tsc`;
// NodeSdkTest installs the dev dependencies (npm ci) before it runs these tests, so there this never skips.
const skip = existsSync(tsc) ? false : 'TypeScript is not installed: run npm ci in herald-node';

async function typecheck(project) {
  try {
    const { stdout } = await run(tsc, ['-p', project], { cwd: dir });
    return { code: 0, output: stdout };
  } catch (e) {
    return { code: e.code, output: `${e.stdout}${e.stderr}` };
  }
}

test('types-test compiles with tsc --strict --noEmit, without DOM types or @types/node', { skip }, async () => {
  const { code, output } = await typecheck('types-test/tsconfig.json');
  assert.equal(code, 0, output);
});

test('types-test: the global fetch (DOM-typed) is accepted as the fetch option', { skip }, async () => {
  const { code, output } = await typecheck('types-test/tsconfig.dom.json');
  assert.equal(code, 0, output);
});

test('npm pack ships src and README only: every module with its declarations', async () => {
  const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: dir });
  const [pack] = JSON.parse(stdout);
  assert.equal(pack.name, '@herald/node');
  const files = pack.files.map((f) => f.path).sort();
  assert.ok(files.includes('package.json') && files.includes('README.md'), files.join(', '));
  assert.deepEqual(files.filter((f) => !f.startsWith('src/') && f !== 'package.json' && f !== 'README.md'), []);
  for (const entry of ['src/index.js', 'src/index.d.ts', 'src/herald.d.ts', 'src/types.d.ts', 'src/errors.d.ts']) {
    assert.ok(files.includes(entry), entry);
  }
});
