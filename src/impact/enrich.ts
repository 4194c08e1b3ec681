/**
 * Optional enrichment from the target (`impact --enrich`, README "Reviewing a change: access
 * impact"), for organizations whose id the plan knows. The plan stays the source of truth; this
 * only adds `members` to two kinds of change:
 * - members with no mapping: how many memberships hold the roles the default role gave before;
 * - a directory group: how many active directory users are members, now, of the organization's
 *   directory groups whose name or IdP id is the mapping's group (only in the mapping's
 *   directory when it names one). Suspended and inactive users hold no role
 *   (docs/semantics.md, "Directory sync"), so they are not counted. An organization without
 *   directories (or a target without Directory Sync: 404) gets no count.
 */
import { NotFoundError } from '../client/errors';
import type { DirectoryGroup, WorkosApi } from '../client/types';
import type { AccessChange, ImpactReport } from './impact';
import { asPlanJson, plannedObjects, priorObjects } from './sources';
import { buildTopology, type Topology } from './topology';

export type EnrichedChange = AccessChange & { readonly members?: number };

export type EnrichClient = Pick<WorkosApi, 'memberships' | 'directoryGroups' | 'directoryUsers'>;

/** Both sides of the plan. */
const sidesOf = (doc: unknown): Topology[] => {
  const plan = asPlanJson(doc);
  return [buildTopology(priorObjects(plan)), buildTopology(plannedObjects(plan))];
};

/** Organization name → id, for organizations whose id the plan knows. */
export function knownOrganizationIds(doc: unknown): Map<string, string> {
  return organizationIds(sidesOf(doc));
}

function organizationIds(sides: readonly Topology[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const t of sides) for (const org of t.organizations.values()) if (org.key.startsWith('org_')) out.set(org.name, org.key);
  return out;
}

/**
 * The directories a directory group mapping of the organization reads the group from, on either
 * side of the plan: undefined when one of them names no directory (every directory of the organization).
 */
function mappingDirectories(sides: readonly Topology[], orgId: string, group: string): ReadonlySet<string> | undefined {
  const out = new Set<string>();
  for (const t of sides) {
    for (const m of t.organizations.get(orgId)?.mappings ?? []) {
      if (m.kind !== 'directory' || m.group !== group) continue;
      if (m.directory === undefined) return undefined;
      out.add(m.directory);
    }
  }
  return out.size > 0 ? out : undefined;
}

/** Reads the target once per organization and group, whatever the number of changes. */
class TargetCounts {
  private readonly byRoles = new Map<string, Promise<Map<string, number>>>();
  private readonly groups = new Map<string, Promise<DirectoryGroup[] | undefined>>();
  private readonly activeMembers = new Map<string, Promise<string[]>>();

  constructor(private readonly client: EnrichClient) {}

  /** How many memberships of the organization hold exactly these roles. */
  async holding(orgId: string, roles: readonly string[]): Promise<number> {
    let counts = this.byRoles.get(orgId);
    if (!counts) {
      counts = (async () => {
        const out = new Map<string, number>();
        for await (const m of this.client.memberships.list({ organizationId: orgId })) {
          const key = [...m.roleSlugs].sort().join(',');
          out.set(key, (out.get(key) ?? 0) + 1);
        }
        return out;
      })();
      this.byRoles.set(orgId, counts);
    }
    return (await counts).get([...roles].sort().join(',')) ?? 0;
  }

  /** Active directory users in the organization's groups named `group` (by name or IdP id); undefined: no directories. */
  async groupMembers(orgId: string, group: string, directories: ReadonlySet<string> | undefined): Promise<number | undefined> {
    const all = await this.groupsOf(orgId);
    if (all === undefined) return undefined;
    const members = new Set<string>();
    for (const g of all) {
      if ((g.name !== group && g.idpId !== group) || (directories && !directories.has(g.directoryId))) continue;
      for (const id of await this.activeMembersOf(g.id)) members.add(id);
    }
    return members.size;
  }

  private groupsOf(orgId: string) {
    let groups = this.groups.get(orgId);
    if (!groups) {
      groups = (async () => {
        try {
          const directories = await this.client.directoryGroups.directoriesOf(orgId);
          if (directories.length === 0) return undefined;
          const out: DirectoryGroup[] = [];
          for (const directoryId of directories) for await (const g of this.client.directoryGroups.list({ directoryId })) out.push(g);
          return out;
        } catch (err) {
          if (err instanceof NotFoundError) return undefined;
          throw err;
        }
      })();
      this.groups.set(orgId, groups);
    }
    return groups;
  }

  private activeMembersOf(groupId: string): Promise<string[]> {
    let ids = this.activeMembers.get(groupId);
    if (!ids) {
      ids = (async () => {
        const out: string[] = [];
        for await (const u of this.client.directoryUsers.list({ groupId })) if (u.state === 'active') out.push(u.id);
        return out;
      })();
      this.activeMembers.set(groupId, ids);
    }
    return ids;
  }
}

export async function enrichReport(report: ImpactReport, doc: unknown, client: EnrichClient): Promise<ImpactReport> {
  const sides = sidesOf(doc);
  const ids = organizationIds(sides);
  const target = new TargetCounts(client);
  const changes: EnrichedChange[] = [];
  for (const c of report.changes) {
    const orgId = c.organization === null ? undefined : ids.get(c.organization);
    let members: number | undefined;
    if (orgId !== undefined && c.subject.kind === 'default_role') members = await target.holding(orgId, c.roles.before);
    else if (orgId !== undefined && c.subject.kind === 'directory_group' && c.subject.name !== undefined) {
      members = await target.groupMembers(orgId, c.subject.name, mappingDirectories(sides, orgId, c.subject.name));
    }
    changes.push(members === undefined ? c : { ...c, members });
  }
  return { changes, warnings: report.warnings };
}
