/**
 * What every reducer file shares (events.ts, directory-events.ts): the marks events carry, the
 * reducer-table type, and the two helpers reducers are written with.
 */
import type { State } from './model';

/** Lets a retried create (same Idempotency-Key) get its original answer even after a restart. */
export interface IdempotencyMark {
  key: string;
  fingerprint: string;
  /** The answer given, for creates whose answer depends on more than the event (e.g. memberships embed the user). */
  response?: { status: number; body: unknown };
  /** When the key was first used (ISO time); its replay expires IDEMPOTENCY_WINDOW_MS later (store.ts). */
  at?: string;
}

export type Mark = { idempotency?: IdempotencyMark };
/** `at` is the event's ISO time. */
export type At = { at: string };

/** One reducer per event type of `E`; the compiler checks that none is missing. */
export type Reducers<E extends { type: string }> = { readonly [T in E['type']]: (state: State, event: Extract<E, { type: T }>) => void };

export function mustGet<T>(value: T | undefined, event: { type: string }): T {
  if (value === undefined) throw new Error(`journal event ${event.type} refers to an object that does not exist`);
  return value;
}

/** Copies the fields an update names (undefined: unchanged) and stamps `updatedAt`. */
export function patch<R extends { updatedAt: string }>(record: R, changes: { [K in keyof R]?: R[K] | undefined }, at: string): void {
  for (const [key, value] of Object.entries(changes) as Array<[keyof R, R[keyof R] | undefined]>) if (value !== undefined) record[key] = value;
  record.updatedAt = at;
}
