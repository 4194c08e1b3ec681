/**
 * The API client over HTTPS (src/client/http.ts, node:https): real WorkOS is only reachable
 * that way. A node process with the built client (dist/) talks to a local HTTPS server whose
 * certificate it trusts only through NODE_EXTRA_CA_CERTS, as a user behind a corporate CA
 * would: the certificate is verified (an untrusted one is refused, with nothing retried), the
 * answers are read, and one connection carries the requests (keep-alive).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateServerCertificate } from '../../providers/protocol/tls';

const client = path.join(__dirname, '../../dist/src/client/index.js');
const cert = generateServerCertificate(); // SAN DNS:localhost
let dir: string;
let server: https.Server;
let port: number;
const connections: number[] = [];
const seen: string[] = [];

beforeAll(async () => {
  if (!fs.existsSync(client)) throw new Error(`${client} is missing: run npm run build`);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workos-rbac-https-'));
  fs.writeFileSync(path.join(dir, 'ca.pem'), cert.certPem);
  server = https.createServer({ key: cert.keyPem, cert: cert.certPem }, (req, res) => {
    seen.push(`${req.method} ${req.url} ${req.headers.authorization === 'Bearer sk_test_https_0123456789' ? 'authorized' : 'anonymous'}`);
    const page = new URL(req.url!, 'https://localhost').searchParams.get('after') ? 2 : 1;
    const data = [{ object: 'permission', id: `perm_${page}`, slug: `docs:p${page}`, name: `P${page}`, description: null, system: false, resource_type_slug: 'environment', created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z' }];
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ object: 'list', data, list_metadata: { before: null, after: page === 1 ? 'perm_1' : null } }));
  });
  server.on('connection', () => connections.push(Date.now()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Lists every permission through the built client in a fresh node (async: the server answers from this process). */
async function listPermissions(env: NodeJS.ProcessEnv): Promise<{ slugs?: string[]; error?: { name: string; code?: string } }> {
  const script = `
    const { WorkosClient } = require(${JSON.stringify(client)});
    (async () => {
      const c = new WorkosClient({ apiKey: 'sk_test_https_0123456789', baseUrl: 'https://localhost:${port}', retryDelay: () => 0 });
      const slugs = [];
      try {
        for await (const p of c.permissions.list()) slugs.push(p.slug);
        console.log(JSON.stringify({ slugs }));
      } catch (err) {
        console.log(JSON.stringify({ error: { name: err.name, code: err.code } }));
      }
    })();`;
  const child = spawn(process.execPath, ['-e', script], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`client process exited ${code}: ${stderr}`);
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

describe('the API client over HTTPS', () => {
  test('GIVEN a server certificate trusted through NODE_EXTRA_CA_CERTS WHEN the client lists THEN it reads both pages over one verified connection', async () => {
    seen.length = 0;
    connections.length = 0;
    expect(await listPermissions({ NODE_EXTRA_CA_CERTS: path.join(dir, 'ca.pem') })).toEqual({ slugs: ['docs:p1', 'docs:p2'] });
    expect(seen).toEqual(['GET /authorization/permissions?limit=100 authorized', 'GET /authorization/permissions?limit=100&after=perm_1 authorized']);
    expect(connections).toHaveLength(1);
  });

  test('GIVEN a certificate nobody vouches for WHEN the client lists THEN it refuses the connection, sends nothing and does not retry', async () => {
    seen.length = 0;
    connections.length = 0;
    const { error } = await listPermissions({ NODE_EXTRA_CA_CERTS: '' });
    expect(error?.name).toBe('ConnectionError');
    expect(seen).toEqual([]);
    expect(connections).toHaveLength(1);
  });
});
