/**
 * The one clock. Tests move it (`clock.set(...)`) to drive expiry, retention and back-off
 * without sleeping.
 */
let offsetMs = 0;
let frozen: number | null = null;

export const clock = {
  now(): Date {
    return new Date(frozen ?? Date.now() + offsetMs);
  },
  nowMs(): number {
    return frozen ?? Date.now() + offsetMs;
  },
  /** Freeze at a moment (tests). */
  set(at: Date | string): void {
    frozen = new Date(at).getTime();
  },
  /** Move forward by ms, frozen or not (tests). */
  advance(ms: number): void {
    if (frozen !== null) frozen += ms;
    else offsetMs += ms;
  },
  reset(): void {
    frozen = null;
    offsetMs = 0;
  },
  /**
   * Runs `fn` with the clock frozen at `at`, then puts the clock back as it was. For demo data that
   * tells a story over past weeks (a report received 12 days ago, acknowledged the next morning).
   */
  async runAt<T>(at: Date, fn: () => Promise<T>): Promise<T> {
    const saved = { frozen, offsetMs };
    frozen = at.getTime();
    try {
      return await fn();
    } finally {
      frozen = saved.frozen;
      offsetMs = saved.offsetMs;
    }
  },
};

export function nowIso(): string {
  return clock.now().toISOString();
}

export function isoIn(ms: number): string {
  return new Date(clock.nowMs() + ms).toISOString();
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
