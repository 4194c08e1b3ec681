/**
 * Directory at synth: its config, the sensitive token as an output, synth-time validation, and
 * a DirectoryGroupMapping naming it (README, workos_directory).
 */
import { TerraformOutput, Testing } from 'cdktf';
import { Directory, DirectoryGroupMapping, Organization } from '../../../constructs';
import { newStack, parsed, synthErrors } from '../../helpers/constructs';

Testing.setupJest();

describe('Directory', () => {
  test('GIVEN an organization WHEN a directory is added THEN it references the organization; type is synthesized only when given', () => {
    const stack = newStack();
    const acme = new Organization(stack, 'acme', { name: 'Acme' });
    new Directory(stack, 'acme-okta', { organization: acme, name: 'Acme Okta', type: 'okta scim v2.0' });
    new Directory(stack, 'acme-generic', { organization: 'org_01EXISTING', name: 'Generic' });
    const json = parsed(stack).resource.workos_directory;
    expect(json['acme-okta']).toEqual({ organization_id: '${workos_organization.acme.id}', name: 'Acme Okta', type: 'okta scim v2.0' });
    expect(json['acme-generic']).toEqual({ organization_id: 'org_01EXISTING', name: 'Generic' });
  });

  test('WHEN its endpoint and token are outputs THEN they reference the attributes; the token output is sensitive', () => {
    const stack = newStack();
    const okta = new Directory(stack, 'okta', { organization: 'org_1', name: 'Okta' });
    new TerraformOutput(stack, 'scim-endpoint', { value: okta.scimEndpoint });
    new TerraformOutput(stack, 'scim-token', { value: okta.bearerToken, sensitive: true });
    const outputs = parsed(stack).output;
    expect(outputs['scim-endpoint']).toEqual({ value: '${workos_directory.okta.scim_endpoint}' });
    expect(outputs['scim-token']).toEqual({ value: '${workos_directory.okta.bearer_token}', sensitive: true });
  });

  test('WHEN the name is empty or the type is not a SCIM type THEN synth fails naming each prop', () => {
    const stack = newStack();
    new Directory(stack, 'bad', { organization: 'org_1', name: '', type: 'gsuite directory' as 'okta scim v2.0' });
    const errors = synthErrors(stack);
    expect(errors).toMatch(/\[stack\/bad\] Invalid value for "name": "" must not be empty/);
    expect(errors).toMatch(/\[stack\/bad\] Invalid value for "type": "gsuite directory" /);
  });

  test('WHEN a directory group mapping names the directory THEN directory_id is a reference to it', () => {
    const stack = newStack();
    const acme = new Organization(stack, 'acme', { name: 'Acme' });
    const okta = new Directory(stack, 'acme-okta', { organization: acme, name: 'Acme Okta' });
    new DirectoryGroupMapping(stack, 'engineering', { organization: acme, directory: okta, group: 'Engineering', roles: ['developer'] });
    acme.mapDirectoryGroup('Design', ['designer'], { directory: 'directory_01ELSEWHERE' });
    const json = parsed(stack).resource.workos_directory_group_mapping;
    expect(json.engineering).toEqual({ organization_id: '${workos_organization.acme.id}', directory_id: '${workos_directory.acme-okta.id}', group: 'Engineering', roles: ['developer'] });
    expect(json['acme-directory-design']).toEqual({ organization_id: '${workos_organization.acme.id}', directory_id: 'directory_01ELSEWHERE', group: 'Design', roles: ['designer'] });
  });

  test('WHEN the same group of the same directory is mapped twice through the organization THEN one mapping holds both roles', () => {
    const stack = newStack();
    const acme = new Organization(stack, 'acme', { name: 'Acme' });
    const okta = new Directory(stack, 'acme-okta', { organization: acme, name: 'Acme Okta' });
    const first = acme.mapDirectoryGroup('Engineering', ['developer'], { directory: okta });
    expect(acme.mapDirectoryGroup('Engineering', ['reviewer'], { directory: okta })).toBe(first);
    expect(parsed(stack).resource.workos_directory_group_mapping['acme-directory-engineering'].roles).toEqual(['developer', 'reviewer']);
  });

  test('WHEN a mapping names a directory of another organization THEN synth fails naming directoryId', () => {
    const stack = newStack();
    const acme = new Organization(stack, 'acme', { name: 'Acme' });
    const globex = new Organization(stack, 'globex', { name: 'Globex' });
    const globexOkta = new Directory(stack, 'globex-okta', { organization: globex, name: 'Globex Okta' });
    new DirectoryGroupMapping(stack, 'wrong', { organization: acme, directory: globexOkta, group: 'Engineering', roles: ['developer'] });
    expect(synthErrors(stack)).toMatch(/\[stack\/wrong\] Invalid value for "directoryId": stack\/globex-okta is a directory of organization stack\/globex, not of stack\/acme/);
  });
});
