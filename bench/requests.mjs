/**
 * Counts the requests the local control plane answers, from its log: one line per request,
 * `METHOD /path STATUS 1.2ms` (src/control-plane/index.ts). Counted by kind of object (the
 * resource the path belongs to), by method, listings apart from single-object GETs apart from
 * everything else (writes, the capabilities asked at configure), and 429s.
 */

/** Path → kind, first match wins; the most specific paths come first. */
const KINDS = [
  [/^\/authorization\/organization_memberships\/[^/]+\/role_assignments/, 'resource_assignment'],
  [/^\/authorization\/organizations\/[^/]+\/roles/, 'organization_role'],
  [/^\/authorization\/organizations\/[^/]+\/resources/, 'resource'],
  [/^\/authorization\/resources/, 'resource'],
  [/^\/authorization\/permissions/, 'permission'],
  [/^\/authorization\/roles/, 'role'],
  [/^\/_dashboard\/roles/, 'role'],
  [/^\/_dashboard\/resource-types/, 'resource_type'],
  [/^\/_dashboard\/capabilities$/, 'capabilities'], // what the target supports, asked at configure
  [/role-mappings/, 'group_mapping'],
  [/role-policy/, 'role_policy'],
  [/resolve-roles/, 'effective_roles'],
  [/^\/user_management\/organization_memberships/, 'organization_membership'],
  [/^\/user_management\/users/, 'user'],
  [/^\/organizations/, 'organization'],
];

export function kindOf(path) {
  return KINDS.find(([re]) => re.test(path))?.[1] ?? 'other';
}

/**
 * A GET of a collection (a listing) rather than of one object: the path ends with the
 * collection's name. Item paths end with an identifier or slug.
 */
const COLLECTIONS = /\/(permissions|roles|organizations|users|organization_memberships|role_assignments|resources|resource-types|role-mappings)$/;

/** `log` is the control plane's `log` option; `take()` returns the tally since the last take. */
export class RequestCounter {
  constructor() {
    this.lines = [];
    this.unparsed = 0;
    this.log = (line) => {
      const m = /^(\w+) (\S+) (\d{3}) /.exec(line);
      if (m) this.lines.push({ method: m[1], path: m[2], status: Number(m[3]) });
      else this.unparsed++; // e.g. "internal error on …"
    };
  }

  take() {
    const lines = this.lines;
    this.lines = [];
    const tally = { total: lines.length, tooMany: 0, listings: 0, singleGets: 0, other: 0, byKind: {}, byMethod: {} };
    for (const { method, path, status } of lines) {
      const kind = kindOf(path);
      if (status === 429) tally.tooMany++;
      if (method !== 'GET' || kind === 'capabilities' || kind === 'other') tally.other++;
      else if (COLLECTIONS.test(path)) tally.listings++;
      else tally.singleGets++;
      tally.byKind[kind] = (tally.byKind[kind] ?? 0) + 1;
      tally.byMethod[method] = (tally.byMethod[method] ?? 0) + 1;
    }
    return tally;
  }
}

/** "permission 1001, role 3" (or "GET 1001, POST 3") — largest first. */
export function describeCounts(counts) {
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
}
