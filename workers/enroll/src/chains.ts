/**
 * Issuing chains the Worker has already read from an order's fulfillment, kept in module scope (an isolate serves
 * many enrollments) and keyed by the issuing CA's key identifier, so that the next leaf the same CA issued needs no
 * second SOAP call for its chain. A chain is reused only for a leaf whose issuer name and authority key identifier
 * match the chain's first certificate (its subject and subject key identifier), while that certificate is valid;
 * anything else reads the fulfillment as before.
 *
 * @module
 */
import { bytesEqual, type Certificate } from '../../../src/crypto/index.ts';

/** A few issuing CAs at most (one per key type and product line); the oldest goes first. */
const MAX_CHAINS = 8;
const chains = new Map<string, readonly Certificate[]>();

/**
 * The issuing chain known for `leaf`, or `undefined` when none is known or it does not provably belong.
 *
 * @example
 * ```ts
 * const chain = knownChainFor(answered.certificate) ?? (await readIssuingChain(epki, orderId, answered)).chain;
 * ```
 */
export function knownChainFor(leaf: Certificate, now: Date = new Date()): readonly Certificate[] | undefined {
  const aki = leaf.authorityKeyIdentifier;
  const chain = aki === undefined ? undefined : chains.get(aki);
  const issuer = chain?.[0];
  if (!chain || !issuer) return undefined;
  const matches = issuer.subjectKeyIdentifier === aki && bytesEqual(issuer.subjectDer, leaf.issuerDer);
  const current = issuer.notBefore <= now && now < issuer.notAfter;
  if (matches && current) return chain;
  chains.delete(aki!);
  return undefined;
}

/**
 * Remembers the issuing chain read for `leaf` (issuer first), when its first certificate is the leaf's issuer by
 * name and key identifier (both present).
 *
 * @example
 * ```ts
 * rememberChain(certificate, chain);
 * ```
 */
export function rememberChain(leaf: Certificate, chain: readonly Certificate[]): void {
  const aki = leaf.authorityKeyIdentifier;
  const issuer = chain[0];
  if (aki === undefined || !issuer || issuer.subjectKeyIdentifier !== aki) return;
  if (!bytesEqual(issuer.subjectDer, leaf.issuerDer)) return;
  chains.delete(aki);
  chains.set(aki, chain);
  for (const key of chains.keys()) {
    if (chains.size <= MAX_CHAINS) break;
    chains.delete(key);
  }
}

/**
 * Forgets every remembered chain (tests).
 *
 * @example
 * ```ts
 * forgetChains();
 * ```
 */
export function forgetChains(): void {
  chains.clear();
}
