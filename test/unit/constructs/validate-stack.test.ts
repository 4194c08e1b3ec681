/**
 * validateStack (`cdktf-workos-rbac/testing`): the checks `cdktf synth` runs, for unit tests built
 * on `Testing.synthScope`, which runs none (README, "Testing a stack's validity").
 */
import { TerraformStack, Testing } from 'cdktf';
import { Organization, OrganizationRole, Permission, Role, WorkosProvider } from '../../../constructs';
import { validateStack } from '../../../constructs/testing';
import { newStack } from '../../helpers/constructs';

describe('validateStack', () => {
  test('GIVEN a valid stack WHEN validated THEN nothing is reported', () => {
    const stack = newStack();
    const view = new Permission(stack, 'view', { slug: 'users:view', name: 'View users' });
    new Role(stack, 'admin', { slug: 'admin', name: 'Admin', permissions: [view] });
    expect(validateStack(stack)).toEqual([]);
  });

  test('GIVEN bad props that Testing.synthScope lets through WHEN validated THEN the same errors as cdktf synth, naming the prop', () => {
    let stack: TerraformStack | undefined;
    expect(() =>
      Testing.synthScope((scope) => {
        stack = scope as TerraformStack;
        new WorkosProvider(scope, 'workos');
        new Role(scope, 'admin', { slug: 'Admin!', name: 'Admin', permissions: ['Users View'] });
      }),
    ).not.toThrow();
    expect(validateStack(stack!)).toEqual([
      { severity: 'error', path: 'stack/admin', message: expect.stringMatching(/^Invalid value for "slug": "Admin!" must contain only/) },
      { severity: 'error', path: 'stack/admin', message: expect.stringMatching(/^Invalid value for "permissions" element "Users View": "Users View" must contain only/) },
    ]);
    expect(() => Testing.synth(stack!, true)).toThrow(/\[stack\/admin\] Invalid value for "slug"/);
  });

  test('GIVEN a stack without the provider and an organization with roles but no policy WHEN validated THEN the stack error and the warning, once each', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    const acme = new Organization(stack, 'acme', { name: 'Acme' });
    new OrganizationRole(stack, 'lead', { organization: acme, slug: 'org-lead', name: 'Lead' });
    validateStack(stack);
    const diagnostics = validateStack(stack);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([{ severity: 'error', path: 'stack', message: expect.stringMatching(/^WorkOS resources need a provider in their stack/) }]);
    expect(diagnostics.filter((d) => d.severity === 'warning')).toEqual([{ severity: 'warning', path: 'stack/lead', message: expect.stringMatching(/^Organization stack\/acme has custom roles but no role policy of its own/) }]);
  });
});
