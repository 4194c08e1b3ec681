#!/usr/bin/env node
// Live role application at scale (docs/semantics.md, "Directory sync and sign-in"): an IdP
// pushes N users over SCIM, puts them in groups, and then one mapping change re-resolves every
// member. Baseline in the same run: the same N people created through WorkOS's API (a user and a
// membership with an explicit role each), which resolves nothing. Every write is journalled
// (fsync) before it is answered, in both. Figures only; asserts nothing.
//   node bench/directory-sync.mjs [N ...]        (default: 100 1000)
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { startControlPlane } = require('../dist/src/control-plane/index.js');

const KEY = 'sk_bench_directory_sync';
const GROUPS = 20;

async function call(base, method, resource, body, token = KEY) {
  const res = await fetch(`${base}${resource}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${resource}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** Runs `fn` for 0..n-1, `width` at a time (an IdP pushes with a few connections). */
async function pool(n, width, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < n) await fn(next++);
  }));
}

const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;

async function run(n) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-dsync-'));
  const plane = await startControlPlane({ port: 0, dataDir, apiKey: KEY, log: () => {} });
  const base = plane.url;
  try {
    for (const slug of ['developer', 'designer']) await call(base, 'POST', '/authorization/roles', { slug, name: slug });
    const org = await call(base, 'POST', '/organizations', { name: 'Acme' });
    const mappings = [];
    for (let g = 0; g < GROUPS; g++) mappings.push(await call(base, 'POST', `/_dashboard/organizations/${org.id}/role-mappings`, { kind: 'directory', group: `Group ${g}`, roles: [g % 2 ? 'designer' : 'developer'] }));
    const dir = await call(base, 'POST', '/_dashboard/directories', { organization_id: org.id, name: 'Okta' });
    const scim = (method, resource, body) => call(base, method, `${dir.scim_path}${resource}`, body, dir.bearer_token);

    // Baseline: the API path, a user and a membership per person, roles given explicitly.
    const baseOrg = await call(base, 'POST', '/organizations', { name: 'Baseline' });
    let t = process.hrtime.bigint();
    await pool(n, 4, async (i) => {
      const u = await call(base, 'POST', '/user_management/users', { email: `api${i}@acme.test` });
      await call(base, 'POST', '/user_management/organization_memberships', { user_id: u.id, organization_id: baseOrg.id, role_slug: 'developer' });
    });
    const apiMs = ms(t);

    t = process.hrtime.bigint();
    const ids = new Array(n);
    await pool(n, 4, async (i) => {
      ids[i] = (await scim('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `p${i}@acme.test`, emails: [{ value: `p${i}@acme.test`, primary: true }], active: true })).id;
    });
    const usersMs = ms(t);

    t = process.hrtime.bigint();
    const groups = [];
    for (let g = 0; g < GROUPS; g++) {
      const members = ids.filter((_, i) => i % GROUPS === g).map((value) => ({ value }));
      groups.push(await scim('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: `Group ${g}`, members }));
    }
    const groupsMs = ms(t);

    // One member moves group: Okta's PATCH remove + add.
    const patch = (op, value) => ({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op, path: 'members', value: [{ value }] }] });
    t = process.hrtime.bigint();
    const moves = Math.min(n, 100);
    for (let i = 0; i < moves; i++) {
      await scim('PATCH', `/Groups/${groups[i % GROUPS].id}`, patch('remove', ids[i]));
      await scim('PATCH', `/Groups/${groups[(i + 1) % GROUPS].id}`, patch('add', ids[i]));
    }
    const moveMs = ms(t) / moves;

    t = process.hrtime.bigint();
    await call(base, 'PATCH', `/_dashboard/role-mappings/${mappings[0].id}`, { roles: ['designer'] });
    const remapMs = ms(t);

    const page = await call(base, 'GET', `/user_management/organization_memberships?organization_id=${org.id}&limit=100`);
    const withRoles = page.data.filter((m) => m.roles.length > 0).length;
    return { n, apiMs, usersMs, groupsMs, moveMs, remapMs, sampled: `${withRoles}/${page.data.length}` };
  } finally {
    await plane.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const sizes = process.argv.slice(2).map(Number).filter((x) => x > 0);
console.log(`directory sync benchmark (node ${process.version}, ${os.cpus().length} cores, ${GROUPS} mapped groups)`);
console.log('      N   API baseline (people/s)   SCIM users (people/s)   ratio   groups (ms)   move one member (ms)   mapping change, all re-resolved (ms)');
for (const n of sizes.length ? sizes : [100, 1000]) {
  const r = await run(n);
  const apiRate = (r.n / r.apiMs) * 1000;
  const scimRate = (r.n / r.usersMs) * 1000;
  console.log(
    `${String(r.n).padStart(7)}   ${apiRate.toFixed(0).padStart(23)}   ${scimRate.toFixed(0).padStart(21)}   ${(apiRate / scimRate).toFixed(2).padStart(5)}x   ${r.groupsMs.toFixed(0).padStart(11)}   ${r.moveMs.toFixed(1).padStart(20)}   ${r.remapMs.toFixed(0).padStart(36)}`,
  );
}
