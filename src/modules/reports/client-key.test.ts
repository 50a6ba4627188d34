import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clock } from '../../shared/time.ts';
import { clientKey } from './client-key.ts';

describe('clientKey (rate-limit key per address, never the address)', () => {
  afterEach(() => clock.reset());

  it('is stable within a day, distinct per address, and carries nothing of the address', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.ipV4(), (a, b) => {
        const ka = clientKey(a);
        expect(clientKey(a)).toBe(ka);
        expect(ka).toMatch(/^[A-Za-z0-9_-]{22}$/);
        expect(ka).not.toContain(a);
        if (a !== b) expect(clientKey(b)).not.toBe(ka);
      }),
    );
  });

  it('changes with the UTC day, so keys cannot be linked across days', () => {
    clock.set(new Date('2026-11-29T23:59:59Z'));
    const today = clientKey('203.0.113.7');
    clock.set(new Date('2026-11-30T00:00:01Z'));
    const tomorrow = clientKey('203.0.113.7');
    expect(tomorrow).not.toBe(today);
    expect(clientKey('203.0.113.7')).toBe(tomorrow);
  });
});
