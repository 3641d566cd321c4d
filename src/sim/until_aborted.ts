// How a standalone simulator process waits: until its signal (SIGINT, SIGTERM) aborts.

/** Resolves once `signal` is aborted (at once when it already is). */
export function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) =>
    signal.addEventListener("abort", () => resolve(), { once: true })
  );
}
