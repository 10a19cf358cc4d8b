/**
 * A small password strength estimate for the .p12 password hint: length and variety, with penalties for common
 * words, repeats and sequences. A hint, not a policy.
 *
 * @module
 */

/** Score 0 (very weak) to 4 (strong) and the words to show. */
export interface Strength {
  readonly score: 0 | 1 | 2 | 3 | 4;
  readonly label: string;
  readonly advice: string;
}

const COMMON = [
  'password',
  'passwort',
  'qwerty',
  'azerty',
  'letmein',
  'welcome',
  'admin',
  'secret',
  '123456',
  'iloveyou',
];
const LABELS = ['Very weak', 'Weak', 'Fair', 'Good', 'Strong'] as const;

function entropyBits(pw: string): number {
  let pool = 0;
  if (/[a-z]/.test(pw)) pool += 26;
  if (/[A-Z]/.test(pw)) pool += 26;
  if (/\d/.test(pw)) pool += 10;
  if (/[^A-Za-z0-9]/.test(pw)) pool += 33;
  return pw.length * Math.log2(Math.max(pool, 1));
}

function hasSequence(pw: string): boolean {
  const s = pw.toLowerCase();
  for (let i = 0; i + 3 < s.length; i++) {
    const d = s.charCodeAt(i + 1) - s.charCodeAt(i);
    if (
      Math.abs(d) === 1 &&
      s.charCodeAt(i + 2) - s.charCodeAt(i + 1) === d &&
      s.charCodeAt(i + 3) - s.charCodeAt(i + 2) === d
    ) {
      return true;
    }
  }
  return false;
}

/**
 * Estimates the strength of a password.
 *
 * @example
 * ```ts
 * passwordStrength('correct horse battery staple').score; // 4
 * ```
 */
export function passwordStrength(pw: string): Strength {
  if (pw.length < 8) return { score: 0, label: LABELS[0], advice: 'Use at least 8 characters.' };
  let bits = entropyBits(pw);
  const lower = pw.toLowerCase();
  if (COMMON.some((w) => lower.includes(w))) bits -= 30;
  if (/(.)\1\1/.test(pw)) bits -= 10;
  if (hasSequence(pw)) bits -= 10;
  const score = bits < 28 ? 1 : bits < 45 ? 2 : bits < 65 ? 3 : 4;
  const advice =
    score >= 4
      ? 'Good choice.'
      : score === 3
        ? 'Fine. Longer is stronger.'
        : 'Add more words or characters; avoid common words and sequences.';
  return { score, label: LABELS[score], advice };
}
