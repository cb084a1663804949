/**
 * `package.timeout` (a Go duration such as `90m` or `1h30m`): the whole build is aborted when
 * it runs longer, the sandbox killed with everything in it.
 */
export class BuildTimeoutError extends Error {
  override name = 'BuildTimeoutError';
  constructor(readonly timeout: string) {
    super(`the build ran longer than its package.timeout of ${timeout} and was stopped`);
  }
}

export class DurationFormatError extends Error {
  override name = 'DurationFormatError';
}

const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, µs: 0.001, ns: 0.000001 };

export function parseGoDuration(text: string): number {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|us|µs|ns|h|m|s)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) {
    throw new DurationFormatError(`"${text}" is not a duration (write it like 90m, 2h or 1h30m)`);
  }
  return parts.reduce((ms, p) => ms + Number(p[1]) * UNIT_MS[p[2]], 0);
}

/** A signal that fires on the caller's abort or after `timeout`, and a way to tell which. */
export function buildDeadline(timeout: string | undefined, outer?: AbortSignal): { signal?: AbortSignal; timedOut: () => boolean; clear: () => void } {
  if (!timeout) return { signal: outer, timedOut: () => false, clear: () => {} };
  const ms = parseGoDuration(timeout);
  const controller = new AbortController();
  let fired = false;
  const timer = setTimeout(() => {
    fired = true;
    controller.abort(new BuildTimeoutError(timeout));
  }, ms);
  // the deadline watches the build; it must not keep a finished process alive
  timer.unref();
  const onOuter = () => controller.abort(outer?.reason);
  outer?.addEventListener('abort', onOuter, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => fired,
    clear: () => {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onOuter);
    },
  };
}
