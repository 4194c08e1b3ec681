/**
 * Object IDs in WorkOS's shape: a prefix plus a 26-character ULID (48-bit millisecond time,
 * 80 random bits, Crockford base32, uppercase). Monotonic within this process, so sorting by
 * id is sorting by creation and list cursors stay valid after their object is deleted.
 */
import { randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RANDOM_MAX = (1n << 80n) - 1n;

let lastTime = 0;
let lastRandom = 0n;

export function encode(value: bigint, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out = CROCKFORD[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}

export function ulid(now: number = Date.now()): string {
  let random: bigint;
  if (now <= lastTime && lastRandom < RANDOM_MAX) {
    // Same (or an earlier, if the clock stepped back) millisecond: stay ordered.
    now = lastTime;
    random = lastRandom + 1n;
  } else {
    random = BigInt(`0x${randomBytes(10).toString('hex')}`);
  }
  lastTime = now;
  lastRandom = random;
  return encode(BigInt(now), 10) + encode(random, 16);
}

export const newId = (prefix: 'perm' | 'role' | 'org' | 'user' | 'om' | 'role_mapping' | 'authz_resource' | 'role_assignment' | 'directory' | 'directory_user' | 'directory_group'): string => `${prefix}_${ulid()}`;

/**
 * The id of the `count`-th event of the log, recorded at `at`: computed, not random, so that
 * replaying the journal after a restart gives every event the id it was first listed with.
 */
export const eventId = (at: string, count: number): string => `event_${encode(BigInt(Date.parse(at) || 0), 10)}${encode(BigInt(count), 16)}`;
