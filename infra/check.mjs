// npm run check:infra — type-checks sst.config.ts and infra/ against SST's platform types with
// no AWS account, then checks least privilege: the rules of infra/permissions.ts hold, and
// infra/functions.ts takes every function's permissions and links from it. `sst install` writes those types (and the pinned providers' packages) to
// .sst/platform; it needs only the npm registry when told not to fetch Pulumi and Bun itself:
// SST_SKIP_DEPENDENCY_CHECK, and SST_BUN_PATH pointing at the Bun from npm (the `bun`
// devDependency). Telemetry is off. Nothing here deploys, diffs or reads AWS credentials.
//
// Only errors in sst.config.ts and infra/ count: SST's platform is TypeScript source, and its
// own files do not all type-check against the newest @types/node it installs.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => join(root, 'node_modules', '.bin', name);

/** Bun's binary from npm: moved into bun/bin by its install script, or still in the platform package. */
function findBun() {
  const arch = { x64: 'x64', arm64: 'aarch64' }[process.arch];
  const candidates = [join(root, 'node_modules', 'bun', 'bin', 'bun.exe'), join(root, 'node_modules', '@oven', `bun-${process.platform}-${arch}`, 'bin', 'bun')];
  // The install script leaves a small placeholder when it did not run.
  const found = candidates.find((p) => existsSync(p) && statSync(p).size > 1_000_000);
  if (!found) throw new Error(`check:infra: no Bun binary in node_modules (looked at ${candidates.map((c) => relative(root, c)).join(', ')}); run npm install`);
  return found;
}

const env = {
  ...process.env,
  SST_SKIP_DEPENDENCY_CHECK: '1',
  SST_BUN_PATH: findBun(),
  SST_TELEMETRY_DISABLED: '1',
  DO_NOT_TRACK: '1',
  AWS_EC2_METADATA_DISABLED: 'true',
  // Any stage name: `sst install` only reads the app() part of sst.config.ts.
  SST_STAGE: 'check',
};
const install = spawnSync(bin('sst'), ['install'], { cwd: root, env, stdio: 'inherit' });
if (install.status !== 0) {
  console.error(`check:infra: sst install failed (exit ${install.status ?? install.signal})`);
  process.exit(1);
}

const configPath = join(root, 'infra', 'tsconfig.json');
const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); } });
if (!parsed) throw new Error(`check:infra: cannot read ${configPath}`);
const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, projectReferences: parsed.projectReferences });
const ours = (file) => {
  const rel = relative(root, file);
  return rel === 'sst.config.ts' || (rel.startsWith(`infra${sep}`) && !rel.includes('node_modules'));
};
const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => !d.file || ours(d.file.fileName));
const checked = program.getSourceFiles().filter((f) => ours(f.fileName)).map((f) => relative(root, f.fileName));

const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' };
if (diagnostics.length) {
  console.error(ts.formatDiagnosticsWithColorAndContext(diagnostics, host));
  console.error(`check:infra: ${diagnostics.length} error(s) in ${checked.length} files`);
  process.exit(1);
}
console.log(`check:infra: ${checked.length} files type-check against SST ${JSON.parse(ts.sys.readFile(join(root, 'node_modules', 'sst', 'package.json'))).version}'s platform: ${checked.join(', ')}`);

// Least privilege. The data (infra/permissions.ts, plain TypeScript that Node runs as is) keeps its
// rules; and infra/functions.ts must use it for every function, with no grant of its own and no
// `link` to the table or the bucket (a link grants dynamodb:* or s3:* on all of it).
const { functionNames, leastPrivilegeViolations, totalReserved } = await import('./permissions.ts');
const problems = leastPrivilegeViolations();
const functionsSource = readFileSync(join(root, 'infra', 'functions.ts'), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
if (/\blink:\s*\[[^\]]*\b(table|uploads|streamFailures)\b/.test(functionsSource)) problems.push('infra/functions.ts links the table, the bucket or the queue: grant actions in infra/permissions.ts instead');
if (/\b(permissions|link|policies):/.test(functionsSource.replace(/return \{[\s\S]*?\n  \};/, ''))) problems.push('infra/functions.ts sets permissions, links or policies outside accessOf(): put them in infra/permissions.ts');
for (const fn of functionNames) if (!functionsSource.includes(`accessOf('${fn}')`) && !new RegExp(`streamFunction\\('${fn}'`).test(functionsSource)) problems.push(`infra/functions.ts: the ${fn} function does not take its access from infra/permissions.ts`);
if (problems.length) {
  for (const p of problems) console.error(`check:infra: least privilege: ${p}`);
  process.exit(1);
}
console.log(`check:infra: least privilege holds for ${functionNames.join(', ')} (${totalReserved()} reserved concurrency in all)`);
