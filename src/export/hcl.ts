/**
 * The adoption model as plain HCL: one `resource` block per object, references between them
 * (`workos_role.admin.slug`), and an `import {}` block each that adopts the existing object.
 */
import { hclString } from './names';
import { isRef, type AdoptionModel, type Item, type Value } from './model';

const address = (item: Item) => `${item.type}.${item.hclName}`;

function hclValue(value: Value): string {
  if (typeof value === 'string') return hclString(value);
  if (typeof value === 'boolean') return String(value);
  if (isRef(value)) return `${address(value.ref)}.${value.attribute}`;
  return `[${value.map((v) => (typeof v === 'string' ? hclString(v) : `${address(v.ref)}.${v.attribute}`)).join(', ')}]`;
}

function resourceBlock(item: Item): string {
  const entries = Object.entries(item.attributes);
  const width = Math.max(0, ...entries.map(([k]) => k.length));
  const lines = entries.map(([k, v]) => `  ${k.padEnd(width)} = ${hclValue(v)}`);
  const note = item.note ? `# ${item.note}\n` : '';
  return `${note}resource "${item.type}" "${item.hclName}" {\n${lines.join('\n')}\n}\n`;
}

function importBlock(item: Item): string {
  return `import {\n  to = ${address(item)}\n  id = ${hclString(item.importId)}\n}\n`;
}

/** main.tf: provider requirements, the resources, then the import blocks. */
export function renderHcl(model: AdoptionModel, header: readonly string[]): string {
  const comment = (lines: readonly string[]) => lines.map((l) => `# ${l}`.trimEnd()).join('\n');
  return [
    comment(header),
    '',
    'terraform {\n  required_providers {\n    workos = { source = "workos-rbac/workos" }\n  }\n}\n',
    '# Reads WORKOS_API_KEY and WORKOS_BASE_URL.\nprovider "workos" {}\n',
    ...model.items.map(resourceBlock),
    comment([
      'Adoption: each block below imports an existing object into the state at the first apply.',
      'Once applied they do nothing; delete them whenever you like.',
    ]),
    '',
    ...model.items.map(importBlock),
  ].join('\n');
}
