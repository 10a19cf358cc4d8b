// The invitation check keeps its imported HMAC key between requests (per isolate); a changed secret must take
// effect at once, in both directions, and a short one is still refused.
import { describe, expect, it } from 'vitest';
import { mintInvitation, verifyInvitation } from '../../workers/enroll/src/invitation.ts';
import { Problem } from '../../workers/shared/index.ts';

const OLD = 'old-invitation-secret-0123456789abcdef';
const NEW = 'new-invitation-secret-0123456789abcdef';
const INPUT = { email: 'rotate@example.com', name: 'Rotate Example', profile: 'PRF-1' };

async function kindOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'accepted';
  } catch (e) {
    return e instanceof Problem ? e.kind : `other: ${String(e)}`;
  }
}

describe('the invitation key kept between requests', () => {
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
