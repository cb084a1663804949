// Benchmarks for @stagecraft/apk. Build first: npx tsc -b packages/apk
// Run: node tools/bench/apk.mjs [--mb 200] [--records 20000] [--runs 3]
//
// 1. Packaging a tree of mixed files (text, binaries, random data, small files, symlinks)
//    with writePackageFile versus `tar -c | gzip -6` of the same tree. Target: ≤ 1.2×.
// 2. Reading and verifying a signed 20,000-record APKINDEX.tar.gz. Target: ≤ 0.5 s.
// Test data is created in a temporary directory and removed afterwards.
import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const apk = require('../../packages/apk/dist/index.js');

const { values } = parseArgs({ options: { mb: { type: 'string', default: '200' }, records: { type: 'string', default: '20000' }, runs: { type: 'string', default: '3' } } });
const targetBytes = Number(values.mb) * 1e6;
const records = Number(values.records);
const runs = Number(values.runs);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const secs = (ms) => `${(ms / 1000).toFixed(3)} s`;
function time(fn) {
  const t = process.hrtime.bigint();
  const r = fn();
  return r instanceof Promise ? r.then(() => Number(process.hrtime.bigint() - t) / 1e6) : Number(process.hrtime.bigint() - t) / 1e6;
}

/** Deterministic pseudo-random bytes, so every run packages the same tree. */
function prng(seed) {
  let x = seed >>> 0 || 1;
  return (n) => {
    const b = Buffer.allocUnsafe(n);
    for (let i = 0; i < n; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      b[i] = x & 0xff;
    }
    return b;
  };
}

function makeTree(root) {
  const rand = prng(42);
  const words = 'static int void return struct const char unsigned include define if else for while case break switch sizeof'.split(' ');
  let total = 0;
  let files = 0;
  const put = (rel, data, mode = 0o644) => {
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, data, { mode });
    total += data.length;
    files++;
  };
  // source-like text (compresses well): ~30%
  let i = 0;
  while (total < targetBytes * 0.3) {
    const lines = [];
    const n = 50 + (i % 400);
    for (let l = 0; l < n; l++) lines.push(`${words[(i + l) % words.length]} x${l} = ${(i * 31 + l) % 9973}; /* ${words[(l * 7) % words.length]} */`);
    put(`usr/share/src/d${i % 97}/f${i}.c`, Buffer.from(lines.join('\n') + '\n'));
    i++;
  }
  // binary-like (partly compressible): ~40%, 1-4 MB files
  let j = 0;
  while (total < targetBytes * 0.7) {
    const size = (1 + (j % 4)) << 20;
    const half = rand(size / 2);
    const pattern = Buffer.alloc(size / 2);
    for (let k = 0; k < pattern.length; k += 64) half.copy(pattern, k, k % 4096, (k % 4096) + 32);
    put(`usr/lib/lib${j}.so.1`, Buffer.concat([half, pattern]), 0o755);
    j++;
  }
  // incompressible data: ~25%
  let k = 0;
  while (total < targetBytes * 0.95) {
    put(`usr/share/data/blob${k}.bin`, rand(2 << 20));
    k++;
  }
  // many small files and symlinks: the rest
  let s = 0;
  while (total < targetBytes) {
    put(`etc/conf.d/small${s}.conf`, Buffer.from(`key${s}=value${s}\n`.repeat(1 + (s % 50))));
    if (s % 10 === 0) fs.symlinkSync(`small${s}.conf`, path.join(root, `etc/conf.d/link${s}`));
    s++;
  }
  return { total, files };
}

function indexEntries() {
  const entries = [];
  for (let n = 0; n < records; n++) {
    const name = `pkg-${n}`;
    entries.push({
      name,
      version: `${1 + (n % 9)}.${n % 37}.${n % 11}-r${n % 4}`,
      arch: 'x86_64',
      size: 10000 + n,
      installedSize: 50000 + n * 3,
      description: `package number ${n} of the benchmark repository, with a description of typical length`,
      url: `https://example.org/projects/${name}`,
      license: 'Apache-2.0 AND MIT',
      origin: `pkg-${n - (n % 3)}`,
      maintainer: 'wolfi',
      buildTime: 1700000000 + n,
      commit: crypto.createHash('sha1').update(name).digest('hex'),
      depends: [`so:libc.so.6`, `pkg-${(n * 7) % records}`, `so:lib${n % 500}.so.1`, `cmd:sh`],
      provides: [`so:lib${n}.so.1=1`, `cmd:${name}=${1 + (n % 9)}.0-r0`, `pc:${name}=1.0`],
      installIf: [],
      checksum: 'Q1' + crypto.createHash('sha1').update(`c${n}`).digest('base64'),
    });
  }
  return entries;
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'stagecraft-bench-apk-'));
try {
  console.log(`# @stagecraft/apk benchmarks (node ${process.version}, ${os.cpus().length} cpus, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')})`);
  const tree = path.join(work, 'tree');
  const { total, files } = makeTree(tree);
  console.log(`\n## packaging a ${(total / 1e6).toFixed(0)} MB tree of ${files} files (median of ${runs})`);
  const info = { name: 'bench', version: '1.0-r0', arch: 'x86_64', origin: 'bench', description: 'benchmark', url: '', commit: '', license: 'MIT', depends: [], provides: [], replaces: [], triggers: [] };
  const ours = [];
  const theirs = [];
  const oursCpu = [];
  const theirsCpu = [];
  let apkSize = 0;
  let tgzSize = 0;
  for (let r = 0; r < runs; r++) {
    const out = path.join(work, 'bench.apk');
    const before = process.cpuUsage();
    ours.push(await time(() => apk.writePackageFile(out, { info, dataDir: tree, sourceDateEpoch: 1700000000 })));
    const used = process.cpuUsage(before);
    oursCpu.push((used.user + used.system) / 1000);
    apkSize = fs.statSync(out).size;
    fs.rmSync(out);
    const tgz = path.join(work, 'bench.tar.gz');
    let report = '';
    theirs.push(time(() => (report = execFileSync('bash', ['-c', `tar -cf - -C "${tree}" . | gzip -6 > "${tgz}"; times`]).toString())));
    // `times` prints the shell's own user/sys, then its children's
    const [cu, cs] = report.trim().split('\n')[1].split(' ').map((t) => {
      const m = /^(\d+)m([\d.]+)s$/.exec(t);
      return (Number(m[1]) * 60 + Number(m[2])) * 1000;
    });
    theirsCpu.push(cu + cs);
    tgzSize = fs.statSync(tgz).size;
    fs.rmSync(tgz);
  }
  const o = median(ours);
  const t = median(theirs);
  const oc = median(oursCpu);
  const tc = median(theirsCpu);
  console.log(`                      wall (median)  cpu (median)  output`);
  console.log(`writePackageFile      ${secs(o).padEnd(14)} ${secs(oc).padEnd(13)} ${(apkSize / 1e6).toFixed(1)} MB   wall runs: ${ours.map(secs).join(', ')}`);
  console.log(`tar -c | gzip -6      ${secs(t).padEnd(14)} ${secs(tc).padEnd(13)} ${(tgzSize / 1e6).toFixed(1)} MB   wall runs: ${theirs.map(secs).join(', ')}`);
  console.log(`ratio                 ${(o / t).toFixed(2)}×          ${(oc / tc).toFixed(2)}×         (target ≤ 1.20×)`);
  fs.rmSync(tree, { recursive: true, force: true });

  console.log(`\n## reading + verifying a signed ${records}-record APKINDEX.tar.gz (median of ${runs * 3})`);
  const key = apk.generateKeyPair('bench.rsa', 4096);
  const file = path.join(work, 'APKINDEX.tar.gz');
  fs.writeFileSync(file, apk.writeIndex(indexEntries(), { signingKey: key }));
  const trustedKeys = apk.trustedKeysFrom([[key.publicName, key.publicKeyPem]]);
  const reads = [];
  const readsCpu = [];
  let count = 0;
  for (let r = 0; r < runs * 3; r++) {
    const before = process.cpuUsage();
    reads.push(time(() => (count = apk.readIndex(file, { trustedKeys }).entries.length)));
    const used = process.cpuUsage(before);
    readsCpu.push((used.user + used.system) / 1000);
  }
  const m = median(reads);
  const mc = median(readsCpu);
  console.log(`index file            ${(fs.statSync(file).size / 1e6).toFixed(2)} MB, ${count} records`);
  console.log(`readIndex (verified)  wall ${secs(m)} (min ${secs(Math.min(...reads))}, max ${secs(Math.max(...reads))}), cpu ${secs(mc)}`);
  console.log(`ratio to target       wall ${(m / 500).toFixed(2)}×, cpu ${(mc / 500).toFixed(2)}×  (target ≤ 0.5 s)`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
