/**
 * The adoption model as a cdktf TypeScript app that uses this package's constructs the way a
 * person would write it: organization helpers (`addRole`, `setRolePolicy`, `mapDirectoryGroup`,
 * `addMember`), `role.mapSsoGroup`, `membership.assignRole`, objects passed by variable. Each
 * construct is then adopted with `importFrom(<import id>)`, grouped at the end of the stack.
 *
 * Helpers derive their construct ids (`acme-org-admin`); where such an id is taken already the
 * object is declared with its constructor and an id of its own instead.
 */
import { camel, Namer, pascal, tsString } from './names';
import { isRef, type AdoptionModel, type Item, type Kind, type Ref, type Value } from './model';

/** Terraform reads `${` and `%{` in any string as template syntax. */
const needsRaw = (s: string): boolean => /[$%]\{/.test(s);

/** How the organization helpers turn a name into a construct id part (constructs/organization.ts). */
const childIdPart = (name: string): string => name.toLowerCase().replace(/[^a-z0-9_-]+/g, '-');
/** How `assignRole` turns a role slug or resource name into its id parts (constructs/organization-membership.ts). */
const assignmentIdPart = (name: string): string => childIdPart(name).replace(/^-+|-+$/g, '');

const CONSTRUCT_OF: Record<Kind, string> = {
  permission: 'Permission',
  role: 'Role',
  role_policy: 'RolePolicy',
  organization: 'Organization',
  organization_role: 'OrganizationRole',
  user: 'User',
  organization_membership: 'OrganizationMembership',
  directory_group_mapping: 'DirectoryGroupMapping',
  sso_group_mapping: 'SsoGroupMapping',
  attribute_mapping: 'AttributeMapping',
  resource_type: 'ResourceType',
  resource: 'Resource',
  resource_assignment: 'ResourceAssignment',
};

const SECTION_OF: Partial<Record<Kind, string>> = {
  permission: 'Permissions',
  role: 'Environment roles',
  resource_type: 'Resource types',
  user: 'Users',
};

/** The comment that starts each part of the stack: a kind of object, or one organization and all it holds. */
function headingOf(item: Item): string | undefined {
  const organization = item.kind === 'organization' ? item : item.organization;
  if (organization) return `Organization ${JSON.stringify(organization.attributes.name)}`;
  if (item.kind === 'role_policy') return 'Environment role policy';
  return SECTION_OF[item.kind];
}

export interface CdktfOptions {
  readonly stackName: string;
  readonly header: readonly string[];
}

/** main.ts of a cdktf app (`cdktf init --template=typescript` shape) with one stack. */
export function renderCdktf(model: AdoptionModel, options: CdktfOptions): string {
  const ids = new Namer(['workos']);
  const constructIds = new Map<Item, string>();
  const used = new Set<string>(['WorkosProvider']);
  const mapped = new Set<string>();
  const body: string[] = [];
  let section: string | undefined;

  let rawStrings = false;
  const ref = (r: Ref) => r.ref.variable;
  /**
   * A string literal. Terraform reads every string of the synthesized JSON as a template, so a
   * literal `${` / `%{` is written with Terraform's own escape, `$${` / `%%{` (cdktf's
   * `Fn.rawString` escapes only the first).
   */
  const text = (v: string): string => {
    if (!needsRaw(v)) return tsString(v);
    rawStrings = true;
    return tsString(v.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{'));
  };
  const value = (v: Value): string => {
    if (typeof v === 'string') return text(v);
    if (typeof v === 'boolean') return String(v);
    if (isRef(v)) return ref(v);
    return `[${v.map((x) => (typeof x === 'string' ? text(x) : ref(x))).join(', ')}]`;
  };
  /** `{ a: 1, b: 'x' }` from attribute → prop pairs, leaving out unset attributes. */
  const props = (item: Item, pairs: ReadonlyArray<readonly [attribute: string, prop: string]>): string => {
    const entries = pairs.filter(([a]) => item.attributes[a] !== undefined).map(([a, p]) => `${p}: ${value(item.attributes[a]!)}`);
    return entries.length ? `{ ${entries.join(', ')} }` : '{}';
  };
  const explicitId = (item: Item) => {
    const id = ids.unique(item.base, `${item.base}-${item.kind.replace(/_/g, '-')}`);
    constructIds.set(item, id);
    return tsString(id);
  };
  /** Uses a helper when the id it derives is free; otherwise the constructor with an id of our own. */
  const viaHelper = (item: Item, derivedId: string, helperCall: string, constructorCall: () => string): string => {
    if (ids.claim(derivedId)) {
      constructIds.set(item, derivedId);
      return helperCall;
    }
    used.add(CONSTRUCT_OF[item.kind]);
    return constructorCall();
  };
  const construct = (item: Item, propsText: string) => {
    used.add(CONSTRUCT_OF[item.kind]);
    return `new ${CONSTRUCT_OF[item.kind]}(this, ${explicitId(item)}, ${propsText})`;
  };
  const org = (item: Item) => item.organization!;
  const orgId = (item: Item) => constructIds.get(org(item))!;

  for (const item of model.items) {
    const heading = headingOf(item);
    if (heading !== undefined && heading !== section) {
      body.push('', `// ${heading}`);
      section = heading;
    }
    if (item.note) body.push(`// ${item.note}`);
    body.push(`const ${item.variable} = ${expression(item)};`);
  }

  function expression(item: Item): string {
    const a = item.attributes;
    switch (item.kind) {
      case 'permission':
        return construct(item, props(item, [['slug', 'slug'], ['name', 'name'], ['description', 'description']]));
      case 'role':
        return construct(item, props(item, [['slug', 'slug'], ['name', 'name'], ['description', 'description'], ['permissions', 'permissions']]));
      case 'resource_type':
        return construct(item, props(item, [['slug', 'slug'], ['name', 'name'], ['parent_types', 'parentTypes']]));
      case 'user':
        return construct(item, props(item, [['email', 'email'], ['first_name', 'firstName'], ['last_name', 'lastName']]));
      case 'organization':
        return construct(item, props(item, [['name', 'name'], ['external_id', 'externalId']]));
      case 'role_policy': {
        const policy = props(item, [['priority', 'priority'], ['default_role', 'defaultRole'], ['multiple_roles', 'multipleRoles']]);
        if (!item.organization) return construct(item, policy);
        return viaHelper(item, `${orgId(item)}-role-policy`, `${org(item).variable}.setRolePolicy(${policy})`, () =>
          construct(item, props(item, [['organization_id', 'organization'], ['priority', 'priority'], ['default_role', 'defaultRole'], ['multiple_roles', 'multipleRoles']])),
        );
      }
      case 'organization_role': {
        const slug = a.slug as string;
        return viaHelper(item, `${orgId(item)}-${childIdPart(slug)}`, `${org(item).variable}.addRole(${tsString(slug)}, ${props(item, [['name', 'name'], ['description', 'description'], ['permissions', 'permissions']])})`, () =>
          construct(item, props(item, [['organization_id', 'organization'], ['slug', 'slug'], ['name', 'name'], ['description', 'description'], ['permissions', 'permissions']])),
        );
      }
      case 'organization_membership': {
        const user = a.user_id!;
        const userName = isRef(user) ? constructIds.get(user.ref)! : (user as string);
        const roles = a.roles === undefined ? undefined : value(a.roles);
        const defaultId = `${orgId(item)}-member-${childIdPart(userName)}`;
        const args = (name?: string) => [value(user), roles ?? (name ? 'undefined' : undefined), name && tsString(name)].filter((x) => x !== undefined).join(', ');
        const constructorCall = () => construct(item, props(item, [['organization_id', 'organization'], ['user_id', 'user'], ['roles', 'roles']]));
        if (ids.isFree(defaultId)) return viaHelper(item, defaultId, `${org(item).variable}.addMember(${args()})`, constructorCall);
        const name = item.base;
        return viaHelper(item, `${orgId(item)}-member-${childIdPart(name)}`, `${org(item).variable}.addMember(${args(name)})`, constructorCall);
      }
      case 'directory_group_mapping':
      case 'sso_group_mapping': {
        const directory = item.kind === 'directory_group_mapping';
        const [helper, sourceAttr, sourceProp, tag] = directory ? ['mapDirectoryGroup', 'directory_id', 'directory', 'directory'] : ['mapSsoGroup', 'connection_id', 'connectionId', 'sso'];
        const group = a.group as string;
        const options = props(item, [['mode', 'mode'], [sourceAttr, sourceProp]]);
        const optionsArg = options === '{}' ? '' : `, ${options}`;
        const roles = a.roles as readonly (string | Ref)[];
        const constructorCall = () => construct(item, props(item, [['organization_id', 'organization'], ['group', 'group'], ['roles', 'roles'], ['mode', 'mode'], [sourceAttr, sourceProp]]));
        // The organization's helper adds roles to an earlier mapping of the same group and source.
        const key = `${org(item).variable}/${tag}/${group}/${String(a[sourceAttr] ?? '')}`;
        // A group Terraform would read as a template is no construct id: the constructor then.
        if (mapped.has(key) || needsRaw(group)) return constructorCall();
        mapped.add(key);
        const only = roles.length === 1 && isRef(roles[0]) && roles[0].ref.kind === 'organization_role' && roles[0].ref.organization === item.organization ? roles[0].ref : undefined;
        if (only) return viaHelper(item, `${constructIds.get(only)}-${tag}-${childIdPart(group)}`, `${only.variable}.${helper}(${tsString(group)}${optionsArg})`, constructorCall);
        return viaHelper(item, `${orgId(item)}-${tag}-${childIdPart(group)}`, `${org(item).variable}.${helper}(${tsString(group)}, ${value(roles)}${optionsArg})`, constructorCall);
      }
      case 'attribute_mapping': {
        const [attribute, attributeValue] = [a.attribute as string, a.value as string];
        const constructorCall = () => construct(item, props(item, [['organization_id', 'organization'], ['attribute', 'attribute'], ['value', 'value'], ['roles', 'roles'], ['mode', 'mode']]));
        // Like the group helpers, mapAttribute adds roles to an earlier mapping of the same attribute and value.
        const key = `${org(item).variable}/attribute/${attribute}/${attributeValue}`;
        if (mapped.has(key) || needsRaw(attribute) || needsRaw(attributeValue)) return constructorCall();
        mapped.add(key);
        const options = props(item, [['mode', 'mode']]);
        const call = `${org(item).variable}.mapAttribute(${tsString(attribute)}, ${tsString(attributeValue)}, ${value(a.roles!)}${options === '{}' ? '' : `, ${options}`})`;
        return viaHelper(item, `${orgId(item)}-${childIdPart(`attribute-${attribute}-${attributeValue}`)}`, call, constructorCall);
      }
      case 'resource':
        return construct(item, props(item, [['organization_id', 'organization'], ['resource_type_slug', 'type'], ['external_id', 'externalId'], ['name', 'name'], ['description', 'description'], ['parent_id', 'parent']]));
      case 'resource_assignment': {
        const membership = a.organization_membership_id as Ref;
        const resource = a.resource_id!;
        const locator = isRef(resource) ? resource.ref.variable : `{ id: ${value(resource)} }`;
        const role = a.role_slug!;
        const roleName = isRef(role) ? (role.ref.attributes.slug as string) : (role as string);
        const resourceName = isRef(resource) ? constructIds.get(resource.ref)! : (resource as string);
        // assignRole names the assignment `<membership>-<role>-on-<resource>` unless given an id.
        const derivedId = `${constructIds.get(membership.ref)}-${assignmentIdPart(roleName)}-on-${assignmentIdPart(resourceName)}`;
        const call = `${membership.ref.variable}.assignRole(${value(role)}, ${locator}`;
        if (ids.claim(derivedId)) {
          constructIds.set(item, derivedId);
          return `${call})`;
        }
        return `${call}, ${explicitId(item)})`;
      }
    }
  }

  const stackClass = `${pascal(options.stackName)}Stack`;
  const importLines = model.items.map((item) => `${item.variable}.importFrom(${tsString(item.importId)});`);
  const constructs = [...used].sort();
  return [
    ...options.header.map((l) => `// ${l}`.trimEnd()),
    ...(rawStrings ? ['// `$${` and `%%{` in strings below are Terraform\'s escapes for a literal `${` and `%{`.'] : []),
    `import { App, TerraformStack } from 'cdktf';`,
    `import type { Construct } from 'constructs';`,
    `import { ${constructs.join(', ')} } from 'cdktf-workos-rbac';`,
    '',
    `export class ${stackClass} extends TerraformStack {`,
    '  constructor(scope: Construct, id: string) {',
    '    super(scope, id);',
    `    new WorkosProvider(this, 'workos'); // reads WORKOS_API_KEY / WORKOS_BASE_URL at deploy time`,
    ...body.map((l) => (l === '' ? '' : `    ${l}`)),
    '',
    '    // Adoption: the first deploy imports each existing object into the state instead of',
    '    // creating it. Once deployed these lines do nothing; delete them whenever you like.',
    ...importLines.map((l) => `    ${l}`),
    '  }',
    '}',
    '',
    'const app = new App();',
    `new ${stackClass}(app, ${tsString(options.stackName)});`,
    'app.synth();',
    '',
  ].join('\n');
}

/** cdktf.json for the generated app, as `cdktf init --template=typescript` writes it. */
export function renderCdktfJson(stackName: string): string {
  return `${JSON.stringify({ language: 'typescript', app: 'npx ts-node main.ts', projectId: `workos-rbac-${camel(stackName)}`, sendCrashReports: 'false', terraformProviders: [], terraformModules: [], context: {} }, null, 2)}\n`;
}
