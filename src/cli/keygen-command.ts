/**
 * `globalsign keygen`: makes a key pair and writes the private key as PKCS#8 PEM (mode 0600).
 *
 * @module
 */
import { exportPrivateKey, generateKeyPair, type KeyAlgorithmName, spkiFingerprint } from '../crypto/index.ts';
import { CliError, type Command, EXIT, emit, need, str } from './common.ts';
import { writePrivate } from './files.ts';

const ALGS: readonly KeyAlgorithmName[] = ['RSA-2048', 'RSA-3072', 'RSA-4096', 'P-256', 'P-384'];

/** `globalsign keygen`. */
export const keygen: Command = {
  usage: `globalsign keygen --out key.pem [--alg RSA-2048|RSA-3072|RSA-4096|P-256|P-384] [--force] [--json]
  Makes a key pair and writes the private key as PKCS#8 PEM (mode 0600). EPKI takes RSA only.`,
  options: { out: { type: 'string', short: 'o' }, alg: { type: 'string' }, force: { type: 'boolean' } },
  async run(p, io) {
    const alg = (str(p, 'alg') ?? 'RSA-2048') as KeyAlgorithmName;
    if (!ALGS.includes(alg))
      throw new CliError(`--alg must be one of ${ALGS.join(', ')}`, EXIT.usage, { field: '--alg' });
    const out = need(p, 'out');
    const keys = await generateKeyPair(alg, { extractable: true });
    await writePrivate(out, await exportPrivateKey(keys.privateKey, 'pem'), p);
    const fingerprint = await spkiFingerprint(keys.publicKey);
    emit(
      io,
      p,
      { algorithm: alg, file: out, spkiSha256: fingerprint },
      `${alg} key written to ${out}\nSPKI SHA-256 ${fingerprint}`,
    );
    return EXIT.ok;
  },
};
