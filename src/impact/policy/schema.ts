/**
 * The guardrails policy file (README, "Guardrails: `impact --policy`"): the one definition.
 * The loader validates with it, the TypeScript rules are typed by it, and
 * `schemas/policy.schema.json` (editor completion) is generated from it
 * (`scripts/generate-policy-schema.mjs`).
 */
import { z } from 'zod';

/** Subject kinds, as the impact report names them (README, "Reviewing a change: access impact"). */
export const SUBJECT_KINDS = ['directory_group', 'sso_group', 'attribute', 'default_role', 'membership', 'resource_assignment'] as const;

/** A permission slug (docs/semantics.md, "Objects") in which `*` matches any run of characters. */
const permissionPattern = z
  .string()
  .regex(/^[a-z0-9\-._:*]{1,48}$/, { error: 'must be a permission slug or pattern: lowercase letters, digits and - . : _ *, where * matches any characters (e.g. "billing:manage", "*:delete")' })
  .describe('A permission slug; `*` matches any run of characters: `billing:*`, `*:delete`.');

const permissions = z.array(permissionPattern).min(1, { error: 'needs at least one permission' }).describe('Permission slugs or patterns the rule is about.');

const textPattern = (what: string) => z.string().min(1).describe(`${what}; \`*\` matches any run of characters.`);

/** Which subjects a rule looks at; every field given must match (README: "Selecting subjects"). */
export const subjectSelectorSchema = z
  .strictObject({
    kind: z.enum(SUBJECT_KINDS, { error: `must be one of ${SUBJECT_KINDS.join(', ')}` }).optional().describe('The subject kind, as the impact report names it.'),
    name: textPattern('Directory or SSO group name, or attribute name').optional(),
    value: textPattern('Attribute value').optional(),
    user: textPattern('The member (email) of a membership or resource assignment').optional(),
    resource: textPattern('The resource of an assignment, "<type> <name>" (e.g. "workspace Platform")').optional(),
    organization: textPattern('Organization name; subjects of the environment (organizations without their own policy) never match a selector that names one').optional(),
  })
  .describe('Selects subjects: every field given must match.');

const subjects = z.array(subjectSelectorSchema).min(1, { error: 'needs at least one selector' });

export const ruleKinds = {
  never: z
    .strictObject({
      permissions,
      subjects: subjects.optional().describe('The subjects the rule applies to (default: every subject).'),
      except: subjects.optional().describe('Subjects the rule does not apply to.'),
    })
    .describe('No selected subject holds any of the permissions after the change.'),
  only: z
    .strictObject({ permissions, subjects: subjects.describe('The only subjects that may hold the permissions.') })
    .describe('Only these subjects may hold the permissions after the change.'),
  at_most: z
    .strictObject({
      permissions,
      count: z.int({ error: 'must be a whole number' }).min(0, { error: 'must be 0 or more' }).describe('The most subjects that may hold each permission, per organization.'),
      subjects: subjects.optional().describe('Count only these subjects (default: every subject).'),
    })
    .describe('At most `count` subjects hold each matching permission in one organization (or the environment) after the change.'),
  protected: z
    .strictObject({ permissions })
    .describe('Any gain or loss of these permissions in a change fires the rule: a second approval is needed.'),
  max_change: z
    .strictObject({
      remove: z.int({ error: 'must be a whole number' }).min(0, { error: 'must be 0 or more' }).optional().describe('The most subjects one change may remove permissions from.'),
      add: z.int({ error: 'must be a whole number' }).min(0, { error: 'must be 0 or more' }).optional().describe('The most subjects one change may add permissions to.'),
    })
    .refine((v) => v.remove !== undefined || v.add !== undefined, { error: 'needs remove or add (or both)' })
    .describe('One change may not remove (or add) permissions from more than this many subjects.'),
} as const;

export type RuleKind = keyof typeof ruleKinds;
export const RULE_KINDS = Object.keys(ruleKinds) as RuleKind[];

export const ruleSchema = z
  .strictObject({
    name: z
      .string({ error: 'must be a string' })
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: 'must be letters, digits, ".", "_" or "-" (e.g. "no-billing-outside-admins")' })
      .describe('The rule name the decision cites.'),
    severity: z.enum(['block', 'warn'], { error: 'must be block or warn' }).describe('block: the decision is BLOCK (exit 3); warn: WARN (exit 0).'),
    description: z.string().optional().describe('Why the rule exists; not shown in the report.'),
    never: ruleKinds.never.optional(),
    only: ruleKinds.only.optional(),
    at_most: ruleKinds.at_most.optional(),
    protected: ruleKinds.protected.optional(),
    max_change: ruleKinds.max_change.optional(),
  })
  .superRefine((rule, ctx) => {
    const given = RULE_KINDS.filter((k) => rule[k] !== undefined);
    if (given.length !== 1) {
      ctx.addIssue({ code: 'custom', message: `needs exactly one of ${RULE_KINDS.join(', ')}${given.length ? ` (has ${given.join(', ')})` : ''}` });
    }
  })
  .describe('One guardrail: a name, a severity and exactly one kind.');

export const policySchema = z
  .strictObject({
    $schema: z.string().optional().describe('Path or URL of this JSON Schema, for editors.'),
    version: z.literal(1, { error: 'must be 1' }).describe('The policy file format version.'),
    rules: z.array(ruleSchema, { error: 'must be a list of rules' }),
  })
  .superRefine((policy, ctx) => {
    const seen = new Set<string>();
    policy.rules.forEach((r, i) => {
      if (seen.has(r.name)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'name'], message: `${JSON.stringify(r.name)} is used by an earlier rule: names must be unique` });
      seen.add(r.name);
    });
  })
  .describe('A workos-rbac guardrails policy: `workos-rbac impact PLAN --policy FILE`.');

export type SubjectSelector = z.infer<typeof subjectSelectorSchema>;
export type PolicyRule = z.infer<typeof ruleSchema>;
export type Policy = z.infer<typeof policySchema>;

/**
 * The JSON Schema of the policy file, from the zod schema; the one thing zod cannot say
 * (exactly one kind per rule, a refinement) is added as `oneOf`.
 */
export function policyJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(policySchema, {
    target: 'draft-07',
    override: (ctx) => {
      const props = (ctx.jsonSchema as { properties?: Record<string, unknown> }).properties;
      if (props && 'severity' in props && 'never' in props) ctx.jsonSchema.oneOf = RULE_KINDS.map((k) => ({ required: [k] }));
    },
  }) as Record<string, unknown>;
  return { ...schema, $id: 'https://github.com/workos-rbac/cdktf-workos-rbac/schemas/policy.schema.json', title: 'workos-rbac guardrails policy' };
}
