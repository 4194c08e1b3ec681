#!/usr/bin/env node
// `npm run generate:audit`: regenerates test/fixtures/audit/ from the example stacks.
// Synthesizes each stack in examples/ (as `cdktf synth` does, offline) and saves its audit
// report as Markdown and JSON: the goldens
// test/unit/audit-golden.test.ts compares against. Review the goldens' diff before committing.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const dist = (p) => path.join(root, 'dist', p);
if (!fs.existsSync(dist('src/audit/findings.js'))) {
  console.error('generate-audit-fixtures: dist/ is missing or stale: run `npm run build` first.');
  process.exit(1);
}
const { Testing } = require('cdktf');
const { computeAudit } = require(dist('src/audit/findings.js'));
const { renderAuditMarkdown } = require(dist('src/audit/render.js'));
const { synthesizedObjects } = require(dist('src/impact/sources.js'));

/** Example folder → its stack class and the stack id its main.ts gives. */
const EXAMPLES = [
  ['quickstart', 'QuickstartStack', 'quickstart'],
  ['idp-mappings', 'IdpMappingsStack', 'idp-mappings'],
  ['resource-access', 'ResourceAccessStack', 'resource-access'],
  ['github-actions', 'ReviewedRbacStack', 'rbac'],
];

const outDir = path.join(root, 'test', 'fixtures', 'audit');
fs.mkdirSync(outDir, { recursive: true });
for (const [folder, className, id] of EXAMPLES) {
  const Stack = require(dist(`examples/${folder}/stack.js`))[className];
  const synth = JSON.parse(Testing.synth(new Stack(Testing.app(), id)));
  const report = computeAudit(synthesizedObjects(synth));
  fs.writeFileSync(path.join(outDir, `${folder}.json`), `${JSON.stringify(report, null, 2)}\n`);
  fs.writeFileSync(path.join(outDir, `${folder}.md`), renderAuditMarkdown(report, 10));
  console.log(`${folder}: ${report.unused_permissions.length} unused permissions, ${report.idle_roles.length} idle roles, ${report.widest_subjects.length} widest subjects, ${report.redundant_grants.length} redundant grants`);
}
