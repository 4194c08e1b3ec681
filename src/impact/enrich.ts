/**
 * Optional enrichment from the target (`impact --enrich`): how many members hold the
 * default role now, where the target knows the organization. The plan stays the source of
 * truth; this only adds `members` to changes of members with no mapping.
 */
import type { WorkosApi } from '../client/types';
import type { AccessChange, ImpactReport } from './impact';
import { asPlanJson, plannedObjects, priorObjects } from './sources';
import { buildTopology } from './topology';

/** Organization name → id, for organizations whose id the plan knows. */
export function knownOrganizationIds(doc: unknown): Map<string, string> {
  const plan = asPlanJson(doc);
  const out = new Map<string, string>();
  for (const t of [buildTopology(priorObjects(plan)), buildTopology(plannedObjects(plan))]) {
    for (const org of t.organizations.values()) if (org.key.startsWith('org_')) out.set(org.name, org.key);
  }
  return out;
}

export type EnrichedChange = AccessChange & { readonly members?: number };

export async function enrichReport(report: ImpactReport, doc: unknown, client: Pick<WorkosApi, 'memberships'>): Promise<ImpactReport> {
  const ids = knownOrganizationIds(doc);
  const counts = new Map<string, Map<string, number>>();
  const countsFor = async (orgId: string) => {
    let byRoles = counts.get(orgId);
    if (!byRoles) {
      byRoles = new Map();
      for await (const m of client.memberships.list({ organizationId: orgId })) {
        const key = [...m.roleSlugs].sort().join(',');
        byRoles.set(key, (byRoles.get(key) ?? 0) + 1);
      }
      counts.set(orgId, byRoles);
    }
    return byRoles;
  };
  const changes: EnrichedChange[] = [];
  for (const c of report.changes) {
    const orgId = c.organization === null ? undefined : ids.get(c.organization);
    if (c.subject.kind !== 'default_role' || orgId === undefined) {
      changes.push(c);
      continue;
    }
    const members = (await countsFor(orgId)).get([...c.roles.before].sort().join(',')) ?? 0;
    changes.push({ ...c, members });
  }
  return { changes, warnings: report.warnings };
}
