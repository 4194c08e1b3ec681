#!/usr/bin/env node
// Resolutions per second for realistic group counts. Baseline in the same run: resolving
// against the plain topology (indexes built on every call) vs a compiled one.
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { compileTopology, resolveEffectiveRoles } = require('../dist/src/resolution.js');

function topology(groups, roles) {
  const roleSlugs = Array.from({ length: roles }, (_, i) => `role-${i}`);
  return {
    defaultRole: 'member',
    priority: [...roleSlugs, 'member'],
    multipleRoles: false,
    directoryMappings: Array.from({ length: groups }, (_, i) => ({ group: `dir-group-${i}`, roles: [roleSlugs[i % roles]], mode: i % 7 === 0 ? 'additive' : undefined })),
    ssoMappings: Array.from({ length: groups }, (_, i) => ({ group: `sso-group-${i}`, roles: [roleSlugs[(i * 3) % roles]] })),
    attributeMappings: roleSlugs.map((r) => ({ attribute: 'myRole', value: r, roles: [r] })),
  };
}

function user(groupsPerUser, groups, seed) {
  const pick = (prefix) => Array.from({ length: groupsPerUser }, (_, i) => `${prefix}-${(seed * 31 + i * 17) % (groups * 2)}`); // half match
  return { directoryGroups: pick('dir-group'), ssoGroups: pick('sso-group'), attributes: { myRole: `role-${seed % 5}` } };
}

function measure(fn, users, minMs = 400) {
  let n = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (let i = 0; i < users.length; i++) fn(users[i]);
    n += users.length;
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  }
  return (n / elapsed) * 1000;
}

console.log('resolution benchmark (node ' + process.version + ')');
console.log('mappings/source  groups/user  roles   compiled (res/s)   uncompiled (res/s)   ratio');
for (const [groups, perUser, roles] of [[20, 5, 8], [200, 20, 30], [2000, 50, 100]]) {
  const t = topology(groups, roles);
  const c = compileTopology(t);
  const users = Array.from({ length: 1000 }, (_, i) => user(perUser, groups, i));
  measure((u) => resolveEffectiveRoles(c, u), users, 100); // warm-up
  const compiled = measure((u) => resolveEffectiveRoles(c, u), users);
  const plain = measure((u) => resolveEffectiveRoles(t, u), users);
  console.log(`${String(groups).padStart(15)}  ${String(perUser).padStart(11)}  ${String(roles).padStart(5)}   ${Math.round(compiled).toLocaleString('en').padStart(16)}   ${Math.round(plain).toLocaleString('en').padStart(18)}   ${(compiled / plain).toFixed(1)}x`);
}
