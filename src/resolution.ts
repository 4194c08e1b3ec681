/**
 * Role resolution: which roles does a user get in an organization, and why?
 *
 * Pure and synchronous, so applications can call it at sign-in and the provider can preview
 * it at plan time (docs/semantics.md, "Resolution"):
 *  1. Directory group mappings give the candidates; if none match, SSO group mappings; if
 *     none, attribute mappings; if none, the default role.
 *  2. Multiple-roles mode off: only the highest-priority candidate is kept. On: all are kept.
 *  3. Our extension: a mapping may mark its roles `exclusive` (a ladder: only the highest
 *     priority match among exclusive roles survives) or `additive` (always kept). Unmarked
 *     mappings are exclusive when multiple-roles mode is off and additive when it is on, which
 *     is exactly WorkOS's behaviour; marks let both kinds live in one result.
 */

export type RoleMode = 'exclusive' | 'additive';
export type Source = 'directory' | 'sso' | 'attribute' | 'default';

export interface GroupMapping {
  /** Group name as the IdP sends it (or its IdP id). Matched exactly. */
  readonly group: string;
  readonly roles: readonly string[];
  readonly mode?: RoleMode;
  /** A label for reasons, e.g. the terraform address or mapping id. */
  readonly id?: string;
}

export interface AttributeMapping {
  readonly attribute: string;
  readonly value: string;
  readonly roles: readonly string[];
  readonly mode?: RoleMode;
  readonly id?: string;
}

export interface RoleTopology {
  readonly defaultRole: string;
  /** Role slugs, highest priority first. Roles missing from it rank below all listed ones. */
  readonly priority: readonly string[];
  readonly multipleRoles: boolean;
  readonly directoryMappings?: readonly GroupMapping[];
  readonly ssoMappings?: readonly GroupMapping[];
  readonly attributeMappings?: readonly AttributeMapping[];
}

export interface UserFacts {
  readonly directoryGroups?: readonly string[];
  readonly ssoGroups?: readonly string[];
  readonly attributes?: Readonly<Record<string, string | readonly string[]>>;
}

export interface RoleReason {
  readonly role: string;
  readonly source: Source;
  /** Which mapping gave it ("directory group Engineering → developer"). */
  readonly mapping: string;
  /** Which rule kept it. */
  readonly rule: string;
}

export interface Resolution {
  readonly roles: readonly string[];
  readonly reasons: readonly RoleReason[];
  /** Candidates that matched but were not kept, with the rule that dropped them. */
  readonly dropped: readonly RoleReason[];
}

interface Candidate {
  readonly role: string;
  readonly mode: RoleMode;
  readonly mapping: string;
}

/** A topology indexed for fast repeated resolution. */
export interface CompiledTopology {
  readonly topology: RoleTopology;
  readonly rank: ReadonlyMap<string, number>;
  readonly directory: ReadonlyMap<string, readonly GroupMapping[]>;
  readonly sso: ReadonlyMap<string, readonly GroupMapping[]>;
  readonly attributes: ReadonlyMap<string, readonly AttributeMapping[]>;
}

function indexBy<T>(items: readonly T[] | undefined, key: (t: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items ?? []) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

export function compileTopology(topology: RoleTopology): CompiledTopology {
  return {
    topology,
    rank: new Map(topology.priority.map((slug, i) => [slug, i])),
    directory: indexBy(topology.directoryMappings, (m) => m.group),
    sso: indexBy(topology.ssoMappings, (m) => m.group),
    attributes: indexBy(topology.attributeMappings, (m) => `${m.attribute}\u0000${m.value}`),
  };
}

function groupCandidates(index: ReadonlyMap<string, readonly GroupMapping[]>, groups: readonly string[] | undefined, kind: string, defaultMode: RoleMode): Candidate[] {
  const out: Candidate[] = [];
  for (const group of groups ?? []) {
    for (const m of index.get(group) ?? []) {
      for (const role of m.roles) out.push({ role, mode: m.mode ?? defaultMode, mapping: m.id ?? `${kind} group "${group}" → ${role}` });
    }
  }
  return out;
}

function attributeCandidates(c: CompiledTopology, attributes: UserFacts['attributes'], defaultMode: RoleMode): Candidate[] {
  const out: Candidate[] = [];
  for (const [name, raw] of Object.entries(attributes ?? {})) {
    const values = typeof raw === 'string' ? [raw] : raw;
    for (const value of values) {
      for (const m of c.attributes.get(`${name}\u0000${value}`) ?? []) {
        for (const role of m.roles) out.push({ role, mode: m.mode ?? defaultMode, mapping: m.id ?? `attribute ${name} = "${value}" → ${role}` });
      }
    }
  }
  return out;
}

/** Resolves the roles one user gets, with the reason for each role kept or dropped. */
export function resolveEffectiveRoles(topology: RoleTopology | CompiledTopology, user: UserFacts): Resolution {
  const c = 'rank' in topology ? topology : compileTopology(topology);
  const t = c.topology;
  const defaultMode: RoleMode = t.multipleRoles ? 'additive' : 'exclusive';

  const sources: Array<[Source, () => Candidate[]]> = [
    ['directory', () => groupCandidates(c.directory, user.directoryGroups, 'directory', defaultMode)],
    ['sso', () => groupCandidates(c.sso, user.ssoGroups, 'SSO', defaultMode)],
    ['attribute', () => attributeCandidates(c, user.attributes, defaultMode)],
  ];
  for (const [source, find] of sources) {
    const candidates = find();
    if (candidates.length > 0) return choose(c, source, candidates);
  }
  return {
    roles: [t.defaultRole],
    reasons: [{ role: t.defaultRole, source: 'default', mapping: 'no mapping matched', rule: 'default role' }],
    dropped: [],
  };
}

function choose(c: CompiledTopology, source: Source, candidates: Candidate[]): Resolution {
  const rankOf = (role: string) => c.rank.get(role) ?? Number.MAX_SAFE_INTEGER;
  const precedence = source === 'directory' ? 'directory mappings take precedence' : source === 'sso' ? 'no directory mapping matched' : 'no group mapping matched';
  const reasons: RoleReason[] = [];
  const dropped: RoleReason[] = [];
  const kept = new Set<string>();

  // The exclusive ladder: the highest-priority exclusive candidate (first listed on ties).
  let top: Candidate | undefined;
  for (const cand of candidates) {
    if (cand.mode === 'exclusive' && (top === undefined || rankOf(cand.role) < rankOf(top.role))) top = cand;
  }
  for (const cand of candidates) {
    if (cand.mode === 'additive') {
      if (kept.has(cand.role)) continue;
      kept.add(cand.role);
      reasons.push({ role: cand.role, source, mapping: cand.mapping, rule: `additive role: always kept (${precedence})` });
    } else if (cand === top) {
      if (kept.has(cand.role)) continue;
      kept.add(cand.role);
      reasons.push({ role: cand.role, source, mapping: cand.mapping, rule: `highest priority among exclusive matches (${precedence})` });
    } else if (cand.role !== top?.role) {
      dropped.push({ role: cand.role, source, mapping: cand.mapping, rule: `lower priority than ${top!.role}` });
    }
  }
  const roles = [...kept].sort((a, b) => rankOf(a) - rankOf(b));
  reasons.sort((a, b) => rankOf(a.role) - rankOf(b.role));
  return { roles, reasons, dropped };
}
