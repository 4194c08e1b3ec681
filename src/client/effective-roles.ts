/**
 * "Test mapped attributes" in the client, which `workos_effective_roles` reads: the roles a
 * user with these groups and attributes would get, and why (docs/semantics.md).
 * Dashboard-only in WorkOS: the local control plane serves it under `/_dashboard/`.
 */
import { z } from 'zod';
import type { Resolution } from '../resolution';

export interface ResolveRolesInput {
  /** A directory user of the organization: its real groups and attributes count too. */
  readonly directory_user_id?: string;
  readonly directory_groups?: readonly string[];
  readonly sso_groups?: readonly string[];
  readonly attributes?: Readonly<Record<string, string>>;
}

const wireReason = z.object({ role: z.string(), source: z.enum(['directory', 'sso', 'attribute', 'default']), mapping: z.string(), rule: z.string() });
export const wireResolution = z.object({ roles: z.array(z.string()), reasons: z.array(wireReason), dropped: z.array(wireReason) });

export function toResolution(w: z.infer<typeof wireResolution>): Resolution {
  return { roles: w.roles, reasons: w.reasons, dropped: w.dropped };
}

export function resolveRolesBody(facts: ResolveRolesInput) {
  return { directory_user_id: facts.directory_user_id, directory_groups: facts.directory_groups, sso_groups: facts.sso_groups, attributes: facts.attributes };
}
