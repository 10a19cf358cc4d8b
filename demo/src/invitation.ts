/**
 * Reads the invitation from the page's fragment (`#<token>`), which browsers never send to a server nor put in a
 * Referer header. The claims are decoded for display only: the enrollment Worker verifies the signature.
 *
 * @module
 */

/** What the page shows about an invitation. */
export interface InvitationView {
  readonly token: string;
  readonly email: string;
  readonly name: string;
  readonly product: string;
  readonly years: number;
  readonly expires: Date;
}

function base64UrlDecode(s: string): string {
  const b64 = s
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(s.length / 4) * 4, '=');
  const bin = atob(b64);
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/**
 * Decodes `#<token>` (also `#invitation=<token>`). Returns a message instead when the link is unusable.
 *
 * @example
 * ```ts
 * const inv = readInvitation(location.hash);
 * if (typeof inv === 'string') showError(inv);
 * ```
 */
export function readInvitation(hash: string): InvitationView | string {
  const token = decodeURIComponent(hash.replace(/^#/, '').replace(/^invitation=/, '')).trim();
  if (!token) return 'This page needs an invitation link. Open the link from your invitation email.';
  const parts = token.split('.');
  if (parts.length !== 3) return 'The invitation link is incomplete. Copy the whole link from your invitation email.';
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(base64UrlDecode(parts[1] ?? '')) as Record<string, unknown>;
  } catch {
    return 'The invitation link is damaged. Copy the whole link from your invitation email.';
  }
  const { email, name, product, years, exp } = claims;
  if (typeof email !== 'string' || typeof name !== 'string' || typeof exp !== 'number') {
    return 'The invitation link does not say who it is for. Ask your administrator for a new one.';
  }
  return {
    token,
    email,
    name,
    product: typeof product === 'string' ? product : 'S/MIME',
    years: typeof years === 'number' ? years : 1,
    expires: new Date(exp * 1000),
  };
}
