/**
 * The policy file: one definition (zod) with a generated JSON Schema; both accept the
 * examples' policies and reject malformed ones, the loader with a message naming file and field.
 */
import Ajv from 'ajv';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { loadPolicyFile, parsePolicy, policyJsonSchema, PolicyError } from '../../src/impact/policy';

const ROOT = path.join(__dirname, '..', '..');
const SCHEMA_FILE = path.join(ROOT, 'schemas', 'policy.schema.json');
const EXAMPLES = fs
  .readdirSync(path.join(ROOT, 'examples'))
  .map((d) => path.join(ROOT, 'examples', d, 'policy.yaml'))
  .filter((f) => fs.existsSync(f));

const ajv = new Ajv({ allErrors: true });
const validate = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-schema-'));
const write = (name: string, text: string) => {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
};

describe('the JSON Schema', () => {
  test('is the one generated from the zod schema (npm run generate:policy-schema)', () => {
    expect(JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8'))).toEqual(policyJsonSchema());
  });

  test('the examples ship policies', () => {
    expect(EXAMPLES.map((f) => path.relative(ROOT, f)).sort()).toEqual(['examples/github-actions/policy.yaml', 'examples/idp-mappings/policy.yaml']);
  });

  test.each(EXAMPLES.map((f) => [path.relative(ROOT, f), f]))('%s validates against the JSON Schema and loads', (_name, file) => {
    const doc = parseYaml(fs.readFileSync(file, 'utf8'));
    expect(validate(doc)).toBe(true);
    expect(validate.errors).toBeNull();
    expect(loadPolicyFile(file).rules.length).toBeGreaterThan(0);
  });

  test('a malformed policy is rejected with a pointed message', () => {
    const bad = { version: 1, rules: [{ name: 'ok', severity: 'warn', protected: { permissions: ['a:b'] } }, { name: 'x', severity: 'warn', never: { permissions: ['Billing:Manage'] } }] };
    expect(validate(bad)).toBe(false);
    expect(validate.errors).toContainEqual(expect.objectContaining({ instancePath: '/rules/1/never/permissions/0', keyword: 'pattern' }));
  });

  test('a rule with no kind, or two, is rejected by both', () => {
    const none = { version: 1, rules: [{ name: 'x', severity: 'block' }] };
    const two = { version: 1, rules: [{ name: 'x', severity: 'block', protected: { permissions: ['a:b'] }, max_change: { remove: 1 } }] };
    expect(validate(none)).toBe(false);
    expect(validate.errors).toContainEqual(expect.objectContaining({ instancePath: '/rules/0', keyword: 'oneOf' }));
    expect(validate(two)).toBe(false);
    expect(() => parsePolicy(none, 'p.yaml')).toThrow('p.yaml: rules[0]: needs exactly one of never, only, at_most, protected, max_change');
    expect(() => parsePolicy(two, 'p.yaml')).toThrow('p.yaml: rules[0]: needs exactly one of never, only, at_most, protected, max_change (has protected, max_change)');
  });
});

describe('loadPolicyFile', () => {
  test('YAML and JSON give the same policy', () => {
    const rules = [{ name: 'no-billing', severity: 'block', never: { permissions: ['billing:manage'], except: [{ kind: 'directory_group', name: 'Admins' }] } }];
    const fromJson = loadPolicyFile(write('p.json', JSON.stringify({ version: 1, rules })));
    const fromYaml = loadPolicyFile(write('p.yaml', 'version: 1\nrules:\n  - name: no-billing\n    severity: block\n    never:\n      permissions: [billing:manage]\n      except:\n        - kind: directory_group\n          name: Admins\n'));
    expect(fromJson).toEqual({ version: 1, rules });
    expect(fromYaml).toEqual(fromJson);
  });

  test.each([
    ['version: 2\nrules: []\n', 'version: must be 1'],
    ['version: 1\n', 'rules: must be a list of rules'],
    ['version: 1\nrules:\n  - name: a\n    severity: block\n    never: { permissions: [] }\n', 'rules[0].never.permissions: needs at least one permission'],
    ['version: 1\nrules:\n  - name: a\n    severity: block\n    at_most: { permissions: [x:y], count: -1 }\n', 'rules[0].at_most.count: must be 0 or more'],
    ['version: 1\nrules:\n  - name: a\n    severity: block\n    at_most: { permissions: [x:y], count: 1.5 }\n', 'rules[0].at_most.count: must be a whole number'],
    ['version: 1\nrules:\n  - name: a\n    severity: block\n    max_change: {}\n', 'rules[0].max_change: needs remove or add (or both)'],
    ['version: 1\nrules:\n  - name: a\n    severity: block\n    never: { permissions: [x:y], subjects: [{ kind: group }] }\n', 'rules[0].never.subjects[0].kind: must be one of directory_group, sso_group, attribute, default_role, membership, resource_assignment'],
    ['version: 1\nrules:\n  - name: a\n    severity: block\n    never: { permission: x:y }\n', 'rules[0].never: unknown field "permission"'],
    ['version: 1\nrules:\n  - name: a\n    severity: warn\n    protected: { permissions: [x:y] }\n  - name: a\n    severity: warn\n    protected: { permissions: [x:y] }\n', 'rules[1].name: "a" is used by an earlier rule: names must be unique'],
    ['version: 1\nrules:\n  - name: has space\n    severity: warn\n    protected: { permissions: [x:y] }\n', 'rules[0].name: must be letters, digits'],
  ])('%j → %s', (text, message) => {
    const file = write('bad.yaml', text);
    expect(() => loadPolicyFile(file)).toThrow(PolicyError);
    expect(() => loadPolicyFile(file)).toThrow(`${file}: ${message}`);
  });

  test('YAML that does not parse names the file and line', () => {
    const file = write('broken.yaml', 'version: 1\nrules:\n  - name: a\n   severity: [block\n');
    expect(() => loadPolicyFile(file)).toThrow(new RegExp(`^${file.replace(/[.]/g, '\\.')} \\(line \\d+\\): not valid YAML or JSON: `));
  });
});
