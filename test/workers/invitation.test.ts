import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  INVITATION_AUDIENCE,
  INVITATION_ISSUER,
  mintInvitation,
  verifyInvitation,
} from '../../workers/enroll/src/invitation.ts';
import { Problem } from '../../workers/shared/index.ts';

const SECRET = 'test-invitation-secret-0123456789abcdef';
const INPUT = { email: 'Alice@Example.com', name: 'Alice Example', profile: 'PRF-1' };

async function kindOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'accepted';
  } catch (e) {
    return e instanceof Problem ? e.kind : `other: ${String(e)}`;
  }
}

describe('invitations', () => {
  it('round-trips the claims, lower-casing the email and giving each a fresh jti', async () => {
    const a = await mintInvitation(SECRET, { ...INPUT, years: 2 });
    const b = await mintInvitation(SECRET, INPUT);
    const v = await verifyInvitation(a.token, SECRET);
    expect(v).toEqual(a.invitation);
    expect(v.email).toBe('alice@example.com');
    expect(v.product).toBe('EPKIPSPersonal');
    expect(v.years).toBe(2);
    expect(b.invitation.jti).not.toBe(a.invitation.jti);
  });

  it('refuses an expired invitation as invitation-expired', async () => {
    const past = new Date(Date.now() - 3 * 86400_000);
    const { token } = await mintInvitation(SECRET, { ...INPUT, ttlSeconds: 3600, now: past });
    expect(await kindOf(verifyInvitation(token, SECRET))).toBe('invitation-expired');
    expect(await kindOf(verifyInvitation(token, SECRET, new Date(past.getTime() + 60_000)))).toBe('accepted');
  });

  it('refuses a token signed with another key, an altered payload and alg none', async () => {
    const { token } = await mintInvitation('another-secret-of-enough-length-0123456789', INPUT);
    expect(await kindOf(verifyInvitation(token, SECRET))).toBe('invitation-invalid');
    const good = (await mintInvitation(SECRET, INPUT)).token;
    const [h, p, s] = good.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const altered = Buffer.from(JSON.stringify({ ...claims, email: 'mallory@example.com' })).toString('base64url');
    expect(await kindOf(verifyInvitation(`${h}.${altered}.${s}`, SECRET))).toBe('invitation-invalid');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`;
    expect(await kindOf(verifyInvitation(none, SECRET))).toBe('invitation-invalid');
    expect(await kindOf(verifyInvitation('not a token', SECRET))).toBe('invitation-invalid');
  });

  it('refuses a correctly signed token that lacks a jti or has an out-of-range years', async () => {
    const key = new TextEncoder().encode(SECRET);
    const base = () =>
      new SignJWT({ email: 'a@example.com', name: 'A', profile: 'P', product: 'EPKIPSPersonal', years: 1 })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer(INVITATION_ISSUER)
        .setAudience(INVITATION_AUDIENCE)
        .setExpirationTime('1h');
    expect(await kindOf(verifyInvitation(await base().sign(key), SECRET))).toBe('invitation-invalid');
    const nine = await new SignJWT({ email: 'a@example.com', name: 'A', profile: 'P', product: 'X', years: 9 })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(INVITATION_ISSUER)
      .setAudience(INVITATION_AUDIENCE)
      .setExpirationTime('1h')
      .setJti('j1')
      .sign(key);
    expect(await kindOf(verifyInvitation(nine, SECRET))).toBe('invitation-invalid');
    expect(await kindOf(verifyInvitation(await base().setJti('j2').sign(key), SECRET))).toBe('accepted');
  });

  it('refuses bad input when minting and a short secret when verifying', async () => {
    await expect(mintInvitation(SECRET, { ...INPUT, email: 'not-an-email' })).rejects.toThrow(TypeError);
    await expect(mintInvitation(SECRET, { ...INPUT, years: 4 })).rejects.toThrow(TypeError);
    expect(await kindOf(verifyInvitation('a.b.c', 'short'))).toBe('server-misconfigured');
  });
});

describe('the invitation key kept between requests (per isolate)', () => {
  const OLD = 'old-invitation-secret-0123456789abcdef';
  const NEW = 'new-invitation-secret-0123456789abcdef';
  it('follows a rotated secret: old tokens refused under the new one, accepted again under the old', async () => {
    const old = await mintInvitation(OLD, INPUT);
    const fresh = await mintInvitation(NEW, INPUT);
    expect(await kindOf(verifyInvitation(old.token, OLD))).toBe('accepted');
    expect(await kindOf(verifyInvitation(old.token, NEW))).toBe('invitation-invalid');
    expect(await kindOf(verifyInvitation(fresh.token, NEW))).toBe('accepted');
    expect(await kindOf(verifyInvitation(fresh.token, OLD))).toBe('invitation-invalid');
    expect(await kindOf(verifyInvitation(old.token, 'short'))).toBe('server-misconfigured');
    expect(await kindOf(verifyInvitation(old.token, OLD))).toBe('accepted');
  });
});
