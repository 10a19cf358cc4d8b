/**
 * `npm start` (scripts/dev.mjs) also starts the ACME gateway: it prints the directory, the EAB key id and HMAC key
 * each on a line of its own, then a certbot command line that, pasted into a shell, gets a certificate. And
 * `--smoke` issues one certificate through the demo tenant.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('scripts/dev.mjs with the ACME gateway', () => {
  it('prints the ACME directory, EAB credentials and a certbot line that works as pasted', async () => {
    const child = spawn(process.execPath, ['scripts/dev.mjs'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      await new Promise<void>((ok, fail) => {
        const timer = setTimeout(() => fail(new Error(`dev.mjs did not start in 90 s:\n${out}`)), 90_000);
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('Ctrl-C to stop.')) {
            clearTimeout(timer);
            ok();
          }
        });
        child.once('exit', (code) => fail(new Error(`dev.mjs exited with ${code}:\n${out}`)));
      });
      const directory = /^ACME directory: (http:\/\/127\.0\.0\.1:\d+\/directory)$/m.exec(out)?.[1];
      expect(directory).toBeDefined();
      expect(out).toMatch(/^EAB key id: t_[A-Za-z0-9_-]{16}$/m);
      expect(out).toMatch(/^EAB HMAC key: [A-Za-z0-9_-]{43}$/m);
      const line = /^openssl req .* && certbot certonly .*$/m.exec(out)?.[0];
      expect(line).toContain(`--server ${directory}`);
      const dir = mkdtempSync(join(tmpdir(), 'acme-dev-'));
      execFileSync('sh', ['-c', line!], { cwd: dir, stdio: 'ignore', timeout: 120_000 });
      const chain = readdirSync(dir).find((f) => /^0000_chain\.pem$/.test(f));
      expect(chain).toBeDefined();
      const leaf = readFileSync(join(dir, '0000_cert.pem'), 'utf8');
      const text = execFileSync('openssl', ['x509', '-noout', '-ext', 'subjectAltName'], { input: leaf }).toString();
      expect(text).toContain('DNS:www.example.com');
    } finally {
      child.kill('SIGTERM');
    }
  }, 200_000);

  it('--smoke issues a certificate through the demo tenant', () => {
    const run = spawnSync(process.execPath, ['scripts/dev.mjs', '--smoke'], { encoding: 'utf8', timeout: 120_000 });
    const out = `${run.stdout}\n${run.stderr}`;
    expect(out).toMatch(/^ok {3}acme \/directory/m);
    expect(out).toMatch(/^ok {3}ACME certificate for www\.example\.com$/m);
    expect(out).toMatch(/^SMOKE ok/m);
    expect(run.status).toBe(0);
  }, 150_000);
});
