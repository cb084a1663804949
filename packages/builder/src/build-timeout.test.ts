import { describe, expect, it } from 'vitest';
import { buildDeadline, DurationFormatError, parseGoDuration } from './build-timeout';

describe('parseGoDuration', () => {
  it('reads Go durations', () => {
    expect(parseGoDuration('90m')).toBe(5_400_000);
    expect(parseGoDuration('1h30m')).toBe(5_400_000);
    expect(parseGoDuration('1.5s')).toBe(1500);
    expect(parseGoDuration('250ms')).toBe(250);
  });

  it('rejects anything else', () => {
    expect(() => parseGoDuration('90')).toThrow(DurationFormatError);
    expect(() => parseGoDuration('1 hour')).toThrow(/write it like 90m/);
  });
});

describe('buildDeadline', () => {
  it('aborts when the time is up and says so', async () => {
    const d = buildDeadline('20ms');
    await new Promise((r) => d.signal!.addEventListener('abort', r));
    expect(d.timedOut()).toBe(true);
    d.clear();
  });

  it('passes an outer abort through without calling it a timeout', () => {
    const outer = new AbortController();
    const d = buildDeadline('1h', outer.signal);
    outer.abort();
    expect(d.signal!.aborted).toBe(true);
    expect(d.timedOut()).toBe(false);
    d.clear();
  });
});
