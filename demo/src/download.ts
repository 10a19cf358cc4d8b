/**
 * The download step: the password form (its mistakes shown next to its fields), the .p12 itself, and the import
 * steps for the person's mail program once the file is saved.
 *
 * @module
 */
import type { Enrolled } from './enroll.ts';
import { downloadPkcs12, p12FileName } from './p12.ts';
import { passwordStrength } from './strength.ts';
import { byId, clearError, showError } from './ui.ts';

const MIN_PASSWORD = 8;

/**
 * Shows the download form for an issued certificate and brings it into view.
 *
 * @example
 * ```ts
 * offerDownload(done, inv.email);
 * ```
 */
export function offerDownload(done: Enrolled, email: string): void {
  const form = byId<HTMLFormElement>('p12-form');
  const pw = byId<HTMLInputElement>('pw');
  const pw2 = byId<HTMLInputElement>('pw2');
  form.hidden = false;
  pw.addEventListener('input', () => {
    const s = passwordStrength(pw.value);
    byId<HTMLMeterElement>('pw-meter').value = s.score;
    byId('pw-strength').textContent = pw.value ? `Strength: ${s.label}. ${s.advice}` : '';
    fieldError(pw, 'pw-error', undefined);
  });
  pw2.addEventListener('input', () => fieldError(pw2, 'pw2-error', undefined));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    void save(done, email, pw, pw2);
  });
  form.scrollIntoView({ block: 'start' });
  pw.focus({ preventScroll: true });
}

/** Shows (or, with `undefined`, clears) the message under one field, and marks the field. */
function fieldError(input: HTMLInputElement, id: string, message: string | undefined): void {
  const box = byId(id);
  box.textContent = message ?? '';
  box.hidden = message === undefined;
  input.setAttribute('aria-invalid', String(message !== undefined));
}

function passwordProblems(pw: HTMLInputElement, pw2: HTMLInputElement): boolean {
  const short = pw.value.length < MIN_PASSWORD;
  const differ = !short && pw.value !== pw2.value;
  fieldError(pw, 'pw-error', short ? `Choose a password of at least ${MIN_PASSWORD} characters.` : undefined);
  fieldError(pw2, 'pw2-error', differ ? 'The two passwords differ. Type the same password twice.' : undefined);
  if (short) pw.focus();
  else if (differ) pw2.focus();
  return short || differ;
}

async function save(done: Enrolled, email: string, pw: HTMLInputElement, pw2: HTMLInputElement): Promise<void> {
  clearError();
  if (passwordProblems(pw, pw2)) return;
  const button = byId<HTMLButtonElement>('download');
  const status = byId('download-status');
  button.disabled = true;
  status.textContent = 'Encrypting your key and certificate…';
  try {
    const legacy = byId<HTMLInputElement>('legacy').checked;
    const size = await downloadPkcs12({
      privateKey: done.keys.privateKey,
      certificate: done.certificate,
      chain: done.chain,
      password: pw.value,
      legacy,
      email,
    });
    const format = legacy ? ', 3DES compatibility format' : '';
    status.textContent = `Downloaded ${p12FileName(email, legacy)} (${size} bytes${format}).`;
    const help = byId('import-help');
    help.hidden = false;
    byId('import-file').textContent = p12FileName(email, legacy);
  } catch {
    showError('The .p12 file could not be created in this browser.', 'Download failed');
  } finally {
    button.disabled = false;
  }
}
