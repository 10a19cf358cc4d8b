/// <reference types="node" />
/**
 * Mints an enrollment invitation offline with the Worker's invitation secret (taken from the environment, never
 * from the command line, so it stays out of shell history) and prints the link to send.
 *
 * ```sh
 * INVITE_SECRET=… npx tsx workers/enroll/cli/mint-invitation.ts --email alice@example.com --name "Alice Example" \
 *   --profile PRF-1 [--product EPKIPSPersonal] [--years 1] [--ttl 604800] [--page-url https://enroll.example.com/]
 * ```
 *
 * @module
 */
import { parseArgs } from 'node:util';
import { mintInvitation } from '../src/invitation.ts';

const { values } = parseArgs({
  options: {
    email: { type: 'string' },
    name: { type: 'string' },
    profile: { type: 'string' },
    product: { type: 'string' },
    years: { type: 'string' },
    ttl: { type: 'string' },
    'page-url': { type: 'string' },
    json: { type: 'boolean' },
  },
});

const secret = process.env.INVITE_SECRET;
if (!secret) {
  console.error(
    'Set INVITE_SECRET in the environment (the same secret as the Worker: wrangler secret put INVITE_SECRET).',
  );
  process.exit(2);
}
if (!values.email || !values.name || !values.profile) {
  console.error('Usage: mint-invitation --email <address> --name <full name> --profile <EPKI ProfileID> [options]');
  process.exit(2);
}
try {
  const { token, invitation } = await mintInvitation(secret, {
    email: values.email,
    name: values.name,
    profile: values.profile,
    ...(values.product ? { product: values.product } : {}),
    ...(values.years ? { years: Number(values.years) } : {}),
    ...(values.ttl ? { ttlSeconds: Number(values.ttl) } : {}),
  });
  const url = values['page-url'] ? `${values['page-url']}#${token}` : undefined;
  if (values.json) console.log(JSON.stringify({ token, url, invitation }));
  else {
    console.log(
      `Invitation for ${invitation.name} <${invitation.email}>, expires ${new Date(invitation.exp * 1000).toISOString()}`,
    );
    console.log(url ?? token);
  }
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
}
