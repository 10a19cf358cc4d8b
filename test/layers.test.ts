import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module script without declarations
import { checkLayers } from '../scripts/check-layers.mjs';

describe('layering (scripts/check-layers.mjs)', () => {
  it('has no import across the floors, into src/ internals from Workers or the page, between Workers, or in a circle', () => {
    const { files, breaches } = checkLayers() as { files: number; breaches: string[] };
    expect(files).toBeGreaterThan(100);
    expect(breaches).toEqual([]);
  });
});
