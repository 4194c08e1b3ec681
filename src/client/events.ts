/**
 * Events in the client: WorkOS's `GET /events`, and the role changes among them. The local
 * control plane records one `organization_membership.created|updated` event per change of a
 * membership's roles, with `role_change` (roles before and after, the cause) and `role_sources`
 * (why each role is held); docs/semantics.md, "Directory sync and sign-in".
 */
import { z } from 'zod';
import type * as Wire from './generated/workos-api';
import type { HttpTransport } from './http';
import { pageOf, paginate } from './paginate';

export interface WorkosEvent {
  readonly id: string;
  readonly event: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly createdAt: string;
}

export interface ListEventsInput {
  /** Event types, e.g. `dsync.user.created`. */
  readonly events?: readonly string[];
  readonly organizationId?: string;
  /** ISO-8601 times. */
  readonly rangeStart?: string;
  readonly rangeEnd?: string;
}

export const wireEvent = z.object({
  object: z.literal('event'),
  id: z.string(),
  event: z.string(),
  data: z.record(z.string(), z.unknown()),
  created_at: z.string(),
}) satisfies z.ZodType<Pick<Wire.EventSchema, 'object' | 'id' | 'created_at'>>;
const wireEventList = pageOf(wireEvent);

/** One change of a membership's organization-level roles, as the control plane records it. */
export interface RoleChange {
  readonly at: string;
  readonly eventId: string;
  readonly organizationId: string;
  readonly organizationName: string | null;
  readonly membershipId: string;
  readonly userId: string;
  readonly userEmail: string | null;
  readonly before: readonly string[];
  readonly after: readonly string[];
  /** `active`, or `inactive` after the directory deactivated the user. */
  readonly status: string;
  readonly cause: string;
  /** Why each role is held now: `role: mapping (rule)`. */
  readonly sources: ReadonlyArray<{ readonly role: string; readonly source: string; readonly mapping: string; readonly rule: string }>;
}

const wireRoleChangeData = z.object({
  id: z.string(),
  organization_id: z.string(),
  organization_name: z.string().nullish(),
  user_id: z.string(),
  status: z.string(),
  role_sources: z.array(z.object({ role: z.string(), source: z.string(), mapping: z.string(), rule: z.string() })).optional(),
  role_change: z.object({ previous_roles: z.array(z.string()), roles: z.array(z.string()), cause: z.string(), user_email: z.string().nullish() }),
});

/** The event types that carry a role change. */
export const ROLE_CHANGE_EVENTS = ['organization_membership.created', 'organization_membership.updated'] as const;

/** A role change, or undefined for an event that is not one (WorkOS's own membership events carry no `role_change`). */
export function toRoleChange(e: WorkosEvent): RoleChange | undefined {
  const d = wireRoleChangeData.safeParse(e.data);
  if (!d.success) return undefined;
  const w = d.data;
  return {
    at: e.createdAt,
    eventId: e.id,
    organizationId: w.organization_id,
    organizationName: w.organization_name ?? null,
    membershipId: w.id,
    userId: w.user_id,
    userEmail: w.role_change.user_email ?? null,
    before: w.role_change.previous_roles,
    after: w.role_change.roles,
    status: w.status,
    cause: w.role_change.cause,
    sources: w.role_sources ?? [],
  };
}

export class EventsApi {
  constructor(private readonly http: HttpTransport) {}

  /** Oldest first. */
  async *list(input: ListEventsInput = {}): AsyncIterable<WorkosEvent> {
    const query = {
      order: 'asc',
      events: input.events?.length ? input.events.join(',') : undefined,
      organization_id: input.organizationId,
      range_start: input.rangeStart,
      range_end: input.rangeEnd,
    };
    for await (const w of paginate(this.http, '/events', wireEventList, query)) yield { id: w.id, event: w.event, data: w.data, createdAt: w.created_at };
  }

  /** The role changes (oldest first) among the events. */
  async *roleChanges(input: Omit<ListEventsInput, 'events'> = {}): AsyncIterable<RoleChange> {
    for await (const e of this.list({ ...input, events: ROLE_CHANGE_EVENTS })) {
      const change = toRoleChange(e);
      if (change) yield change;
    }
  }
}
