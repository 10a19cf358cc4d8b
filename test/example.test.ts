// The scripted examples (`npm run example`, `npm run example:tls`) run end to end against the simulator and report
// what they made.
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

it('examples/tls.ts validates a domain, orders and waits, reconciles a lost answer, syncs and renews', () => {
  const root = join(import.meta.dirname, '..');
  const out = execFileSync(join(root, 'node_modules/.bin/tsx'), ['examples/tls.ts'], { cwd: root, encoding: 'utf8' });
  expect(out).toMatch(/VerifyMsslDomain at shop\.example\.net → APPROVED/);
  expect(out).toMatch(/waiting: INITIAL, attempt 2/);
  expect(out).toMatch(/order (\w+) issued: .*CN=www\.shop\.example\.net/);
  expect(out).toMatch(/reconcileOrder → found: \w+ \(not ordered again\)/);
  expect(out).toMatch(/syncModifiedOrders: 2 orders/);
  expect(out).toMatch(/renewOrder → \w+ \(renewal of \w+\), issued: .*CN=www\.shop\.example\.net/);
}, 60_000);
