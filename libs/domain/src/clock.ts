/**
 * What time it is, for every write that stamps an instant or asks what is due: the system's clock
 * in the API and the worker; the demo seed runs the same services on a clock it moves through two
 * months of history. An abstract class rather than an interface, so that it also names the provider.
 */
export abstract class Clock {
  abstract now(): Date;
}

export const SYSTEM_CLOCK: Clock = { now: () => new Date() };
