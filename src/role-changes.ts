/**
 * `workos-rbac role-changes [--organization ORG_ID] [--user EMAIL] [--since TIME] [--format text|json]`:
 * who got which role, when and why, from the target's event log (the local control plane records
 * every change of a membership's roles with its cause; docs/semantics.md, "Directory sync and
 * sign-in"). Reads WORKOS_BASE_URL and WORKOS_API_KEY.
 */
import { ROLE_CHANGE_EVENTS, toRoleChange } from './client/events';
import type { EventsApi, RoleChange } from './client/types';

export class RoleChangesUsageError extends Error {}

export interface RoleChangesArgs {
  readonly organizationId?: string;
  readonly userEmail?: string;
  /** ISO-8601 time. */
  readonly since?: string;
  readonly format: 'text' | 'json';
}

/** `--since` takes an ISO time or a duration back from `now`: `30m`, `12h`, `7d`. */
export function parseSince(text: string, now: number): string {
  const m = /^(\d+)([mhd])$/.exec(text);
  if (m) return new Date(now - Number(m[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'm' | 'h' | 'd']).toISOString();
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw new RoleChangesUsageError(`--since must be an ISO-8601 time or a duration such as 30m, 12h or 7d, not ${JSON.stringify(text)}`);
  return new Date(t).toISOString();
}

export function parseRoleChangesArgs(argv: readonly string[], now = Date.now()): RoleChangesArgs {
  const out: { organizationId?: string; userEmail?: string; since?: string; format: 'text' | 'json' } = { format: 'text' };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i];
    const value = argv[i + 1];
    const need = () => {
      if (value === undefined || value.startsWith('--')) throw new RoleChangesUsageError(`${name} needs a value`);
      i++;
      return value;
    };
    if (name === '--organization') out.organizationId = need();
    else if (name === '--user') out.userEmail = need().toLowerCase();
    else if (name === '--since') out.since = parseSince(need(), now);
    else if (name === '--format') {
      const f = need();
      if (f !== 'text' && f !== 'json') throw new RoleChangesUsageError(`--format must be text or json, not ${JSON.stringify(f)}`);
      out.format = f;
    } else throw new RoleChangesUsageError(`unknown option ${JSON.stringify(name)} (expected --organization, --user, --since, --format)`);
  }
  return out;
}

export interface RoleChangeList {
  readonly changes: RoleChange[];
  /** Membership events without `role_change`: real WorkOS records that a membership changed, not why. */
  readonly withoutCause: number;
}

export async function listRoleChanges(events: Pick<EventsApi, 'list'>, args: RoleChangesArgs): Promise<RoleChangeList> {
  const changes: RoleChange[] = [];
  let withoutCause = 0;
  for await (const e of events.list({ organizationId: args.organizationId, rangeStart: args.since, events: ROLE_CHANGE_EVENTS })) {
    const c = toRoleChange(e);
    if (!c) withoutCause++;
    else if (args.userEmail === undefined || c.userEmail?.toLowerCase() === args.userEmail) changes.push(c);
  }
  return { changes, withoutCause };
}

const roles = (r: readonly string[]) => (r.length ? r.join(', ') : '(none)');

/** One block per change, oldest first: when, who, where, roles before → after, the cause, and why each role is held. */
export function renderRoleChanges({ changes, withoutCause }: RoleChangeList): string {
  const note =
    withoutCause > 0
      ? `${withoutCause} membership event${withoutCause === 1 ? ' from the target carries' : 's from the target carry'} no role change record (real WorkOS says that a membership changed, not from which roles or why; the local control plane records both).\n`
      : '';
  if (changes.length === 0) return `No role changes recorded.\n${note}`;
  const lines: string[] = [];
  for (const c of changes) {
    const who = c.userEmail ?? c.userId;
    const where = c.organizationName ?? c.organizationId;
    const inactive = c.status === 'inactive' ? ' (membership inactive)' : '';
    lines.push(`${c.at}  ${who} in ${where}: ${roles(c.before)} → ${roles(c.after)}${inactive}`);
    lines.push(`    because ${c.cause}`);
    for (const s of c.sources) lines.push(`    ${s.role}: ${s.mapping} (${s.rule})`);
  }
  return `${lines.join('\n')}\n${note}`;
}
