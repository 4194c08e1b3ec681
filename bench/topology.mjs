/**
 * Topologies for the benchmark, as plain HCL: a list of objects rendered once for this
 * provider and once as terraform's floor (the same N of built-in `terraform_data`, with the
 * same dependency graph, so the floor pays terraform's own cost for the same walk).
 *
 * Resource shapes follow docs/resources.md and the end-to-end suites.
 */

/** Shares of N in the mixed topology (README, Benchmarks); resource assignments take the rest. */
export const MIXED_SHARES = {
  permissions: 0.15,
  roles: 0.05,
  organizations: 0.02,
  organizationRoles: 0.04, // two per organization
  users: 0.15,
  memberships: 0.15, // one per user
  directoryMappings: 0.03,
  ssoMappings: 0.02,
  resourceTypes: 2, // a fixed pair: workspace, and project under a workspace
  resources: 0.12, // a third workspaces, the rest projects under them
};

const q = (s) => JSON.stringify(s);
const ref = (type, name, attr) => ({ ref: `${type}.${name}`, attr });

/** A topology: `objects` in creation order and `counts` by resource type. */
class Topology {
  constructor(name, description) {
    this.name = name;
    this.description = description;
    this.objects = [];
  }

  add(type, name, attrs) {
    this.objects.push({ type, name, attrs });
    return `${type}.${name}`;
  }

  get counts() {
    const out = {};
    for (const o of this.objects) out[o.type] = (out[o.type] ?? 0) + 1;
    return out;
  }
}

/** N permissions: the acceptance's "requests per refresh at N = 1,000 permissions". */
export function permissionsOnly(n, prefix = '') {
  const t = new Topology('permissions', `${n.toLocaleString('en')} permissions`);
  for (let i = 0; i < n; i++) {
    t.add('workos_permission', `p${i}`, { slug: q(`${prefix}bench:p${i}`), name: q(`Permission ${i}`), description: q(`Benchmark permission ${i}`) });
  }
  return t;
}

/** About N objects of every kind, in the proportions of MIXED_SHARES. */
export function mixed(n, prefix = '') {
  const share = (f) => Math.max(1, Math.round(n * f));
  const P = share(MIXED_SHARES.permissions);
  const R = share(MIXED_SHARES.roles);
  const O = share(MIXED_SHARES.organizations);
  const U = share(MIXED_SHARES.users);
  const D = share(MIXED_SHARES.directoryMappings);
  const S = share(MIXED_SHARES.ssoMappings);
  const X = Math.max(2, share(MIXED_SHARES.resources));
  const W = Math.ceil(X / 3);
  const fixed = P + R + O + 2 * O + U + U + D + S + MIXED_SHARES.resourceTypes + X;
  const A = Math.max(1, n - fixed);

  const t = new Topology('mixed', '');
  for (let i = 0; i < P; i++) {
    t.add('workos_permission', `p${i}`, { slug: q(`${prefix}bench:p${i}`), name: q(`Permission ${i}`) });
  }
  for (let i = 0; i < R; i++) {
    const grants = [0, 1, 2].map((k) => ref('workos_permission', `p${(3 * i + k) % P}`, 'slug'));
    t.add('workos_role', `r${i}`, { slug: q(`${prefix}role-${i}`), name: q(`Role ${i}`), permissions: [...new Map(grants.map((g) => [g.ref, g])).values()] });
  }
  for (let o = 0; o < O; o++) {
    t.add('workos_organization', `o${o}`, { name: q(`Organization ${o}`), external_id: q(`${prefix}org-${o}`) });
  }
  // Two roles of its own per organization: org role j belongs to organization j % O.
  for (let j = 0; j < 2 * O; j++) {
    t.add('workos_organization_role', `or${j}`, {
      organization_id: ref('workos_organization', `o${j % O}`, 'id'),
      slug: q(`org-r${Math.floor(j / O)}`),
      name: q(`Org role ${j}`),
      permissions: [ref('workos_permission', `p${j % P}`, 'slug'), ref('workos_permission', `p${(j + 1) % P}`, 'slug')].filter((g, k, a) => a.findIndex((h) => h.ref === g.ref) === k),
    });
  }
  // User u is a member of organization u % O, with that organization's first role.
  for (let u = 0; u < U; u++) {
    t.add('workos_user', `u${u}`, { email: q(`${prefix}user-${u}@bench.example.com`), first_name: q(`User${u}`) });
  }
  for (let u = 0; u < U; u++) {
    t.add('workos_organization_membership', `m${u}`, {
      organization_id: ref('workos_organization', `o${u % O}`, 'id'),
      user_id: ref('workos_user', `u${u}`, 'id'),
      roles: [ref('workos_organization_role', `or${u % O}`, 'slug')],
    });
  }
  for (let d = 0; d < D; d++) {
    t.add('workos_directory_group_mapping', `dg${d}`, { organization_id: ref('workos_organization', `o${d % O}`, 'id'), group: q(`Directory group ${d}`), roles: [ref('workos_role', `r${d % R}`, 'slug')] });
  }
  for (let s = 0; s < S; s++) {
    t.add('workos_sso_group_mapping', `sg${s}`, { organization_id: ref('workos_organization', `o${s % O}`, 'id'), group: q(`sso-group-${s}`), roles: [ref('workos_role', `r${(s + 1) % R}`, 'slug')] });
  }
  t.add('workos_resource_type', 'workspace', { slug: q(`${prefix}workspace`), name: q('Workspace') });
  t.add('workos_resource_type', 'project', { slug: q(`${prefix}project`), name: q('Project'), parent_types: [ref('workos_resource_type', 'workspace', 'slug')] });
  const resourceOrg = [];
  for (let x = 0; x < X; x++) {
    const w = x < W ? x : (x - W) % W; // projects sit under workspace (x - W) % W
    const org = w % O;
    resourceOrg.push(org);
    t.add('workos_resource', `x${x}`, {
      organization_id: ref('workos_organization', `o${org}`, 'id'),
      resource_type_slug: ref('workos_resource_type', x < W ? 'workspace' : 'project', 'slug'),
      external_id: q(x < W ? `ws-${x}` : `prj-${x - W}`),
      name: q(x < W ? `Workspace ${x}` : `Project ${x - W}`),
      ...(x < W ? {} : { parent_id: ref('workos_resource', `x${w}`, 'id') }),
    });
  }
  // Assignment k: resource k % X, to the (k / X)-th member of that resource's organization.
  const perOrg = Math.floor(U / O) || 1;
  for (let k = 0; k < A; k++) {
    const x = k % X;
    const member = resourceOrg[x] + O * (Math.floor(k / X) % perOrg);
    t.add('workos_resource_assignment', `a${k}`, {
      organization_membership_id: ref('workos_organization_membership', `m${member % U}`, 'id'),
      role_slug: ref('workos_role', `r${k % R}`, 'slug'),
      resource_id: ref('workos_resource', `x${x}`, 'id'),
    });
  }
  t.description = Object.entries(t.counts).map(([type, c]) => `${c} ${type.replace('workos_', '')}`).join(', ');
  return t;
}

const hclValue = (v) => (Array.isArray(v) ? `[${v.map(hclValue).join(', ')}]` : typeof v === 'object' ? `${v.ref}.${v.attr}` : v);

/** The topology as this provider's HCL. */
export function providerHcl(t) {
  const blocks = t.objects.map(({ type, name, attrs }) => {
    const width = Math.max(...Object.keys(attrs).map((k) => k.length));
    const lines = Object.entries(attrs).map(([k, v]) => `  ${k.padEnd(width)} = ${hclValue(v)}`);
    return `resource "${type}" "${name}" {\n${lines.join('\n')}\n}\n`;
  });
  return `terraform {\n  required_providers {\n    workos = { source = "workos-rbac/workos" }\n  }\n}\n\nprovider "workos" {}\n\n${blocks.join('\n')}`;
}

/** The floor: one `terraform_data` per object, depending on the floor objects its original depends on. */
export function floorHcl(t) {
  const floorName = (address) => address.replace(/^workos_/, '').replace('.', '_');
  const blocks = t.objects.map(({ type, name, attrs }) => {
    const deps = [...new Set(Object.values(attrs).flat().filter((v) => typeof v === 'object').map((v) => v.ref))];
    const input = deps.length === 0 ? q(`${type}.${name}`) : `[${deps.map((d) => `terraform_data.${floorName(d)}.output`).join(', ')}]`;
    return `resource "terraform_data" "${floorName(`${type}.${name}`)}" {\n  input = ${input}\n}\n`;
  });
  return blocks.join('\n');
}

export const TOPOLOGIES = { mixed, permissions: permissionsOnly };
