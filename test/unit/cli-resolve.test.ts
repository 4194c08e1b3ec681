/** `workos-rbac resolve`: argument parsing and table rendering, without any network. */
import { parseResolveArgs, renderResolution, UsageError } from '../../src/cli';
import { resolveEffectiveRoles } from '../../src/resolution';

describe('parseResolveArgs', () => {
  test('GIVEN repeated flags WHEN parsed THEN they collect in order', () => {
    const args = parseResolveArgs([
      '--organization', 'org_1',
      '--directory-group', 'Engineering',
      '--directory-group', 'On-call',
      '--sso-group', 'admins',
      '--attribute', 'myRole=admin',
      '--attribute', 'team=a=b',
      '--json',
    ]);
    expect(args).toEqual({
      organizationId: 'org_1',
      facts: { directory_groups: ['Engineering', 'On-call'], sso_groups: ['admins'], attributes: { myRole: 'admin', team: 'a=b' } },
      json: true,
    });
  });

  test('--directory-user previews a real directory user, once', () => {
    expect(parseResolveArgs(['--organization', 'org_1', '--directory-user', 'directory_user_1', '--directory-group', 'Design'])).toEqual({
      organizationId: 'org_1',
      facts: { directory_user_id: 'directory_user_1', directory_groups: ['Design'] },
      json: false,
    });
    expect(() => parseResolveArgs(['--organization', 'org_1', '--directory-user', 'a', '--directory-user', 'b'])).toThrow('--directory-user may be given once');
  });

  test('facts not given are left out; --json is off by default', () => {
    expect(parseResolveArgs(['--organization', 'org_1'])).toEqual({ organizationId: 'org_1', facts: {}, json: false });
  });

  test.each([
    [[], /needs --organization/],
    [['--directory-group', 'x'], /needs --organization/],
    [['--organization'], /--organization needs a value/],
    [['--organization', 'org_1', '--sso-group', '--json'], /--sso-group needs a value/],
    [['--organization', 'org_1', '--attribute', 'noequals'], /NAME=VALUE/],
    [['--organization', 'org_1', '--attribute', '=x'], /NAME=VALUE/],
    [['--organization', 'org_1', '--attribute', 'a=1', '--attribute', 'a=2'], /given twice/],
    [['--organization', 'org_1', '--organization', 'org_2'], /once/],
    [['--organization', 'org_1', '--group', 'x'], /unknown argument "--group"/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseResolveArgs(argv as string[])).toThrow(UsageError);
    expect(() => parseResolveArgs(argv as string[])).toThrow(message);
  });
});

describe('renderResolution', () => {
  const topology = {
    defaultRole: 'member',
    priority: ['admin', 'developer', 'viewer', 'member'],
    multipleRoles: false,
    directoryMappings: [
      { group: 'Engineering', roles: ['developer'] },
      { group: 'Everyone', roles: ['viewer'] },
      { group: 'Billing', roles: ['billing'], mode: 'additive' as const },
    ],
  };

  test('GIVEN a resolution with a dropped candidate THEN the table lists role | source | mapping | rule, then the dropped ones', () => {
    const text = renderResolution(resolveEffectiveRoles(topology, { directoryGroups: ['Engineering', 'Everyone', 'Billing'] }));
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('roles: developer, billing');
    expect(lines[2]).toMatch(/^role\s+\| source\s+\| mapping\s+\| rule$/);
    expect(lines[3]).toMatch(/^-+-\+-+-\+-+-\+-+$/);
    expect(lines[4]).toMatch(/^developer \| directory \| directory group "Engineering" → developer \| highest priority among exclusive matches/);
    expect(lines[5]).toMatch(/^billing\s+\| directory \| directory group "Billing" → billing\s+\| additive role: always kept/);
    expect(lines).toContain('dropped candidates:');
    expect(text).toMatch(/viewer\s+\| directory \| directory group "Everyone" → viewer\s+\| lower priority than developer/);
    // Columns line up: every "|" of the header sits where the rows have theirs.
    const bars = (l: string) => [...l].flatMap((ch, i) => (ch === '|' ? [i] : []));
    expect(bars(lines[4]!)).toEqual(bars(lines[2]!));
    expect(bars(lines[5]!)).toEqual(bars(lines[2]!));
  });

  test('the default role, and no dropped section when nothing was dropped', () => {
    const text = renderResolution(resolveEffectiveRoles(topology, {}));
    expect(text).toMatch(/^roles: member\n/);
    expect(text).toMatch(/member \| default \| no mapping matched \| default role/);
    expect(text).not.toMatch(/dropped/);
  });
});
