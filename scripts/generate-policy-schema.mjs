#!/usr/bin/env node
// `npm run generate:policy-schema`: writes schemas/policy.schema.json, the JSON Schema of the
// guardrails policy file, from its one definition (the zod schema in
// src/impact/policy/schema.ts, via policyJsonSchema). Needs no prior build: esbuild bundles the
// TypeScript source in memory. `--check` fails when the committed file is out of date.
import { build } from 'esbuild';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const target = path.join(root, 'schemas', 'policy.schema.json');

const result = await build({
  entryPoints: [path.join(root, 'src', 'impact', 'policy', 'schema.ts')],
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  write: false,
  logLevel: 'warning',
});
const module = { exports: {} };
new Function('module', 'exports', 'require', result.outputFiles[0].text)(module, module.exports, createRequire(path.join(root, 'package.json')));
const text = `${JSON.stringify(module.exports.policyJsonSchema(), null, 2)}\n`;

if (process.argv.includes('--check')) {
  const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
  if (current !== text) {
    process.stderr.write(`${path.relative(root, target)} is out of date: run \`npm run generate:policy-schema\`\n`);
    process.exit(1);
  }
} else {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, text);
}
