/** How long an evaluation took, for the status bar: <0.1 ms, 3.2 ms, 45 ms. */
export const formatMilliseconds = (ms: number): string => (ms < 0.1 ? '<0.1 ms' : ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`);

/** A running evaluation's clock, ticking in tenths until ten seconds: 0.4 s, 9.9 s, 12 s. */
export const formatSeconds = (ms: number): string => (ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`);
