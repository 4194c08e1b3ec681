#!/usr/bin/env node
// Plays Acme's identity provider against the deployed example: pushes users and groups to the
// directory's SCIM endpoint the way Okta and Entra ID send them, and after each step prints
// the roles WorkOS (here: the local control plane) gave each member, and why.
//
//   cd cdktf.out/stacks/idp-mappings
//   export SCIM_ENDPOINT=$(terraform output -raw acme_scim_endpoint)
//   export SCIM_TOKEN=$(terraform output -raw acme_scim_token)
//   WORKOS_BASE_URL=… WORKOS_API_KEY=… node <repo>/examples/idp-mappings/idp.mjs
//
// SCIM_ENDPOINT and SCIM_TOKEN are what an IdP admin pastes into Okta or Entra ID; the
// WorkOS key is only used to read the memberships back.
const { SCIM_ENDPOINT, SCIM_TOKEN, WORKOS_BASE_URL, WORKOS_API_KEY } = process.env;
for (const [name, value] of Object.entries({ SCIM_ENDPOINT, SCIM_TOKEN, WORKOS_BASE_URL, WORKOS_API_KEY })) {
  if (!value) {
    console.error(`idp.mjs: set ${name} (see the comment at the top of this file)`);
    process.exit(2);
  }
}

async function call(url, method, token, body) {
  const res = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': url.startsWith(SCIM_ENDPOINT) ? 'application/scim+json' : 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}
const scim = (method, resource, body) => call(`${SCIM_ENDPOINT}${resource}`, method, SCIM_TOKEN, body);
const workos = (resource) => call(`${WORKOS_BASE_URL}${resource}`, 'GET', WORKOS_API_KEY);

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const person = (given, family) => {
  const email = `${given.toLowerCase()}@acme.test`;
  return { schemas: [USER], userName: email, externalId: `okta-${given.toLowerCase()}`, name: { givenName: given, familyName: family }, emails: [{ primary: true, type: 'work', value: email }], active: true };
};

async function show(step) {
  console.log(`\n${step}`);
  const directory = await workos(SCIM_ENDPOINT.slice(SCIM_ENDPOINT.indexOf('/directories/')).replace(/\/scim\/v2$/, ''));
  const memberships = await workos(`/user_management/organization_memberships?organization_id=${directory.organization_id}&limit=100&order=asc`);
  for (const m of memberships.data) {
    const roles = m.roles.map((r) => r.slug).join(', ') || '(none)';
    const why = (m.role_sources ?? []).map((s) => `${s.role}: ${s.mapping}`).join('; ');
    console.log(`  ${m.user.email.padEnd(16)} ${m.status.padEnd(8)} ${roles.padEnd(20)} ${why}`);
  }
}

const alice = await scim('POST', '/Users', person('Alice', 'Liddell'));
const bob = await scim('POST', '/Users', person('Bob', 'Builder'));
await show('Okta provisions Alice and Bob (no group yet: the default role):');

// Okta creates groups with their members, then adds members with PATCH add.
const engineering = await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Engineering', members: [{ value: alice.id, display: alice.userName }] });
await show('Alice joins Engineering:');
const design = await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Design', members: [] });
await scim('PATCH', `/Groups/${design.id}`, { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: alice.id }, { value: bob.id }] }] });
await show('Alice and Bob join Design (Acme is in multiple-roles mode: Alice keeps both):');

// Entra ID removes members with a capitalised op and a value list.
await scim('PATCH', `/Groups/${engineering.id}`, { schemas: [PATCH], Operations: [{ op: 'Remove', path: 'members', value: [{ value: alice.id }] }] });
await show('Alice leaves Engineering (Entra ID style PATCH):');

// Entra ID deactivates with a string "False".
await scim('PATCH', `/Users/${bob.id}`, { schemas: [PATCH], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] });
await show('Bob is deactivated (he keeps his membership, with no role):');
