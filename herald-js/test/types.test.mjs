// The hand-written .d.ts files: they compile under `tsc --strict` with what an app writes, refuse
// what it must not write (types-test/, lines marked // @ts-expect-error), and declare exactly the
// values each public module exports. TypeScript is a dev dependency (`npm ci`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsc = `${root}node_modules/typescript/bin/tsc`;
const skip = existsSync(tsc) ? false : 'typescript is not installed (npm ci)';

function typecheck(project) {
  const run = spawnSync(process.execPath, [tsc, '-p', project, '--pretty', 'false'],
    { cwd: root, encoding: 'utf8', timeout: 240000 });
  assert.equal(run.status, 0, `tsc -p ${project} failed:\n${run.stdout}${run.stderr}`);
}

test('the type tests compile under tsc --strict, and every line marked to fail fails', { skip }, () => {
  typecheck('types-test/tsconfig.json');
  const marked = ['events.ts', 'notifications.ts', 'options-and-api.ts', 'react-and-center.ts', 'no-dom/client.ts']
    .map((f) => readFileSync(`${root}types-test/${f}`, 'utf8').match(/@ts-expect-error/g)?.length ?? 0);
  assert.ok(marked.every((n) => n > 0), 'each type test also checks what must not compile');
});

test('the client\'s and the hook\'s types need no DOM lib', { skip }, () => {
  typecheck('types-test/no-dom/tsconfig.json');
});

/** The value names a .d.ts exports (classes, functions, consts; `export default` as 'default'). */
function declaredValues(dts) {
  const names = new Set();
  for (const m of dts.matchAll(/^export (?:declare )?(?:class|function|const|let) ([A-Za-z_$][\w$]*)/gm)) names.add(m[1]);
  if (/^export default /m.test(dts)) names.add('default');
  return [...names].sort();
}

for (const [js, dts] of [['herald.js', 'herald.d.ts'], ['react.js', 'react.d.ts'],
  ['notification-center.js', 'notification-center.d.ts']]) {
  test(`${dts} declares exactly what ${js} exports`, async (t) => {
    let mod;
    try {
      mod = await import(`../src/${js}`);
    } catch (e) {
      if (js === 'react.js' && e.code === 'ERR_MODULE_NOT_FOUND') {
        t.skip('react is not installed (npm ci)');
        return;
      }
      throw e;
    }
    assert.deepEqual(declaredValues(readFileSync(`${root}src/${dts}`, 'utf8')), Object.keys(mod).sort());
  });
}

test('package.json types every entry point and ships the .d.ts files', () => {
  const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
  assert.equal(pkg.types, './src/herald.d.ts');
  for (const [entry, file] of [['.', 'herald'], ['./react', 'react'], ['./notification-center', 'notification-center']]) {
    assert.deepEqual(pkg.exports[entry], { types: `./src/${file}.d.ts`, default: `./src/${file}.js` }, entry);
    assert.ok(existsSync(`${root}src/${file}.d.ts`), file);
  }
  assert.ok(pkg.files.includes('src/*.d.ts'));
  assert.ok(pkg.files.includes('src/*.css'));
  assert.match(pkg.devDependencies.typescript, /^\d+\.\d+\.\d+$/, 'a pinned TypeScript');
});
