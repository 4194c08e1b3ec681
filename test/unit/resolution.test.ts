import { compileTopology, resolveEffectiveRoles, type RoleTopology } from '../../src/resolution';

// Priority, highest first.
const base: RoleTopology = {
  defaultRole: 'member',
  priority: ['admin', 'developer', 'designer', 'member'],
  multipleRoles: false,
  directoryMappings: [
    { group: 'Engineering', roles: ['developer'] },
    { group: 'Design', roles: ['designer'] },
    { group: 'Admins', roles: ['admin'] },
  ],
  ssoMappings: [
    { group: 'sso-admins', roles: ['admin'] },
    { group: 'sso-design', roles: ['designer'] },
  ],
  attributeMappings: [
    { attribute: 'myRole', value: 'admin', roles: ['admin'] },
    { attribute: 'myRole', value: 'editor', roles: ['developer'] },
  ],
};

describe('resolveEffectiveRoles', () => {
  test('multiple roles on: a member of two mapped groups gets both roles', () => {
    const r = resolveEffectiveRoles({ ...base, multipleRoles: true }, { directoryGroups: ['Engineering', 'Design'] });
    expect(r.roles).toEqual(['developer', 'designer']);
    expect(r.reasons.map((x) => x.source)).toEqual(['directory', 'directory']);
    expect(r.dropped).toEqual([]);
  });

  test('multiple roles off: only the highest-priority role is kept, and the other is reported as dropped', () => {
    const r = resolveEffectiveRoles(base, { directoryGroups: ['Design', 'Engineering'] });
    expect(r.roles).toEqual(['developer']);
    expect(r.reasons[0]).toMatchObject({ role: 'developer', source: 'directory', mapping: 'directory group "Engineering" → developer' });
    expect(r.reasons[0].rule).toMatch(/highest priority/);
    expect(r.dropped).toEqual([expect.objectContaining({ role: 'designer', rule: 'lower priority than developer' })]);
  });

  test('no mapping matches: the default role', () => {
    const r = resolveEffectiveRoles(base, { directoryGroups: ['Sales'], ssoGroups: ['sso-sales'], attributes: { myRole: 'nobody' } });
    expect(r.roles).toEqual(['member']);
    expect(r.reasons).toEqual([{ role: 'member', source: 'default', mapping: 'no mapping matched', rule: 'default role' }]);
  });

  test('directory mappings override SSO mappings, even when SSO would give a higher role', () => {
    const r = resolveEffectiveRoles(base, { directoryGroups: ['Design'], ssoGroups: ['sso-admins'] });
    expect(r.roles).toEqual(['designer']);
    expect(r.reasons[0].source).toBe('directory');
  });

  test('SSO mappings apply when no directory mapping matches', () => {
    const r = resolveEffectiveRoles(base, { directoryGroups: ['Sales'], ssoGroups: ['sso-design'] });
    expect(r).toMatchObject({ roles: ['designer'], reasons: [{ source: 'sso', mapping: 'SSO group "sso-design" → designer' }] });
  });

  test('attribute mapping applies when no group mapping matches (single and multi-valued attributes)', () => {
    expect(resolveEffectiveRoles(base, { attributes: { myRole: 'editor' } }).roles).toEqual(['developer']);
    const multi = resolveEffectiveRoles(base, { attributes: { myRole: ['editor', 'admin'] } });
    expect(multi.roles).toEqual(['admin']);
    expect(multi.reasons[0]).toMatchObject({ source: 'attribute', mapping: 'attribute myRole = "admin" → admin' });
  });

  test('exclusive ladder and additive roles together: highest exclusive plus every additive', () => {
    const topology: RoleTopology = {
      defaultRole: 'member',
      priority: ['owner', 'admin', 'editor', 'viewer', 'billing', 'auditor', 'member'],
      multipleRoles: false,
      directoryMappings: [
        { group: 'Editors', roles: ['editor'], mode: 'exclusive' },
        { group: 'Viewers', roles: ['viewer'], mode: 'exclusive' },
        { group: 'Admins', roles: ['admin'], mode: 'exclusive' },
        { group: 'Finance', roles: ['billing'], mode: 'additive' },
        { group: 'Audit', roles: ['auditor'], mode: 'additive' },
      ],
    };
    const r = resolveEffectiveRoles(topology, { directoryGroups: ['Viewers', 'Finance', 'Editors', 'Audit'] });
    expect(r.roles).toEqual(['editor', 'billing', 'auditor']);
    expect(r.reasons.find((x) => x.role === 'billing')!.rule).toMatch(/additive/);
    expect(r.reasons.find((x) => x.role === 'editor')!.rule).toMatch(/exclusive/);
    expect(r.dropped.map((x) => x.role)).toEqual(['viewer']);

    // Only additive matches: no ladder role, and no default role either (a mapping matched).
    expect(resolveEffectiveRoles(topology, { directoryGroups: ['Finance'] }).roles).toEqual(['billing']);
  });

  test('roles missing from the priority order rank below every listed role', () => {
    const r = resolveEffectiveRoles({ ...base, directoryMappings: [{ group: 'X', roles: ['unlisted'] }, { group: 'Y', roles: ['member'] }] }, { directoryGroups: ['X', 'Y'] });
    expect(r.roles).toEqual(['member']);
  });

  test('a compiled topology gives the same answer as the plain one', () => {
    const facts = { directoryGroups: ['Design', 'Engineering'], ssoGroups: ['sso-admins'] };
    expect(resolveEffectiveRoles(compileTopology(base), facts)).toEqual(resolveEffectiveRoles(base, facts));
  });

  test('the worked example: leaving Engineering only changes the organization-level role', () => {
    const topology: RoleTopology = { defaultRole: 'org-viewer', priority: ['org-member', 'org-viewer'], multipleRoles: false, directoryMappings: [{ group: 'Engineering', roles: ['org-member'] }] };
    expect(resolveEffectiveRoles(topology, { directoryGroups: ['Engineering'] }).roles).toEqual(['org-member']);
    expect(resolveEffectiveRoles(topology, { directoryGroups: [] }).roles).toEqual(['org-viewer']);
  });
});
