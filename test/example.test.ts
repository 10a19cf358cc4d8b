// The scripted example (`npm run example`) runs end to end against the simulator and reports what it made.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';

it('examples/main.ts orders, issues, and writes a .p12 that reopens', () => {
  const root = join(import.meta.dirname, '..');
  const out = execFileSync(join(root, 'node_modules/.bin/tsx'), ['examples/main.ts'], { cwd: root, encoding: 'utf8' });
  expect(out).toMatch(/OrderAndIssueCertificate → order CE\d+/);
  expect(out).toContain('GetOrderByOrderId: ISSUED');
  expect(out).toMatch(/reopened: 1 key, 3 certificates/);
  expect(out).toContain('EKU       emailProtection');
}, 60_000);
