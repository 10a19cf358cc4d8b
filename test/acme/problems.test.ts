/**
 * Problems cross the Durable Object boundary as documents (`toJSON`, then `fromJSON` in the Worker): every kind
 * must come back as itself, with its type and status, including kinds that share a type (`conflict` is
 * `malformed` with status 409).
 */
import { describe, expect, it } from 'vitest';
import { ACME_PROBLEMS, type AcmeKind, AcmeProblem } from '../../workers/acme/src/problems.ts';

describe('AcmeProblem across the Durable Object boundary', () => {
  const kinds = Object.keys(ACME_PROBLEMS.catalog) as AcmeKind[];

  it.each(kinds)('%s keeps its type and status', (kind) => {
    const sent = new AcmeProblem(kind, `detail of ${kind}`).toJSON();
    const back = AcmeProblem.fromJSON(JSON.parse(JSON.stringify(sent))).toJSON();
    expect({ type: back.type, status: back.status, detail: back.detail }).toEqual({
      type: sent.type,
      status: sent.status,
      detail: sent.detail,
    });
  });

  it('a conflict stays a 409', () => {
    expect(AcmeProblem.fromJSON(new AcmeProblem('conflict', 'key in use').toJSON()).toJSON().status).toBe(409);
  });
});
