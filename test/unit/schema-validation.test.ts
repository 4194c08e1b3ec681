/**
 * validateAttributes (src/schemas/builder.ts), the one validation the provider's
 * ValidateResourceConfig and the constructs' synth share: set elements are named by value,
 * many bad elements make one bounded diagnostic (README, "Checked at plan, from plain HCL too").
 */
import { nameValues, validateAttributes } from '../../src/schemas/builder';
import { roleSchema } from '../../src/schemas/role';
import { rolePolicySchema } from '../../src/schemas/role-policy';

const role = (permissions: unknown) => validateAttributes(roleSchema.attributes, { slug: 'admin', name: 'Admin', permissions });

describe('validateAttributes', () => {
  test('GIVEN one bad element of a set WHEN validated THEN the diagnostic names the value, at the set (sets have no index)', () => {
    expect(role(['users:view', 'Users Manage'])).toEqual([
      {
        severity: 'error',
        summary: 'Invalid value for "permissions" element "Users Manage"',
        detail: expect.stringMatching(/^"Users Manage" must contain only lowercase letters/),
        path: ['permissions'],
      },
    ]);
  });

  test('GIVEN one bad element of a list WHEN validated THEN the diagnostic points at its index', () => {
    const diags = validateAttributes(rolePolicySchema.attributes, { priority: ['admin', 'Not A Slug'] });
    expect(diags.map((d) => [d.summary, d.path])).toEqual([['Invalid value for "priority.1"', ['priority', 1]]]);
  });

  test('GIVEN 10,000 bad elements WHEN validated THEN ONE diagnostic names the first ten and counts the rest, in bounded size', () => {
    const bad = Array.from({ length: 10_000 }, (_, i) => `Bad Permission ${i}`);
    const diags = role(bad);
    expect(diags).toHaveLength(1);
    expect(diags[0].summary).toBe('Invalid value for "permissions": 10,000 elements');
    expect(diags[0].path).toEqual(['permissions']);
    expect(diags[0].detail).toMatch(/^"Bad Permission 0", "Bad Permission 1", .*"Bad Permission 9" and 9,990 more must contain only lowercase letters/);
    expect(diags[0].detail.length).toBeLessThan(1_000);
  });

  test('GIVEN a huge string WHEN validated THEN the quoted value is cut', () => {
    const [d] = validateAttributes(roleSchema.attributes, { slug: 'A'.repeat(100_000), name: 'Admin' });
    expect(d.summary).toBe('Invalid value for "slug"');
    expect(d.detail.length).toBeLessThan(300);
  });

  test('nameValues lists a few values in prose', () => {
    expect(nameValues(['a'])).toBe('"a"');
    expect(nameValues(['a', 'b', 'c'])).toBe('"a", "b" and "c"');
    expect(nameValues(['a', 'b', 'c'], 2)).toBe('"a", "b" and 1 more');
  });
});
