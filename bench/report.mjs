/**
 * bench/RESULTS.md from the figures bench/run.mjs measured. Figures only: no verdicts.
 */
import { MIXED_SHARES } from './topology.mjs';
import { describeCounts } from './requests.mjs';
import { median } from './workspace.mjs';

/** WorkOS's published limit: 6,000 requests per 60 seconds per API key (README, Configuration). */
export const WORKOS_REQUESTS_PER_SECOND = 100;

const s = (x) => (x === undefined ? '—' : x < 10 ? x.toFixed(2) : x.toFixed(1));
const ratio = (a, b) => (a === undefined || b === undefined ? '—' : `${(a / b).toFixed(2)}×`);
const int = (x) => (x === undefined ? '—' : Math.round(x).toLocaleString('en'));
const pct = (f) => `${Math.round(f * 100)} %`;

/** "1,001" when every run sent the same, else "990–1,001 (median 995)". */
function spread(xs) {
  if (xs.length === 0) return '—';
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return lo === hi ? int(lo) : `${int(lo)}–${int(hi)} (median ${int(median(xs))})`;
}

function topologyTable(rows) {
  const out = [
    '| N | apply s: ours | floor | ratio | plan s: ours | floor | ratio | requests per apply | per refresh | 429s (apply / refresh) |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const notes = [];
  for (const r of rows) {
    if (r.error) {
      out.push(`| ${int(r.n)} | failed (below) | | | | | | | | |`);
      notes.push(`N = ${int(r.n)} failed:\n\n\`\`\`\n${r.error}\n\`\`\``);
      continue;
    }
    const refresh = r.refreshRequests.map((t) => t.total);
    const tooMany = `${int(r.applyRequests.tooMany)} / ${spread(r.refreshRequests.map((t) => t.tooMany))}`;
    out.push(`| ${int(r.n)} | ${s(r.applyOurs)} | ${s(r.applyFloor)} | ${ratio(r.applyOurs, r.applyFloor)} | ${s(r.planOurs)} | ${s(r.planFloor)} | ${ratio(r.planOurs, r.planFloor)} | ${int(r.applyRequests.total)} | ${spread(refresh)} | ${tooMany} |`);
    const changed = r.planCodes.filter((c) => c !== 0).length;
    if (changed) notes.push(`N = ${int(r.n)}: ${changed} of ${r.planCodes.length} plans after the apply exited 2 (changes planned) instead of 0.`);
  }
  return [...out, ...notes.flatMap((n) => ['', n])].join('\n');
}

function kindsTable(rows) {
  const out = [
    '| N | apply: by kind | by method | refresh: listings / single-object GETs / other | by kind | by method | every plan, s: ours; floor |',
    '| ---: | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of rows.filter((x) => !x.error)) {
    const f = r.refreshRequests[0];
    const runs = `${r.plans.ours.map(s).join(', ')}; ${r.plans.floor.map(s).join(', ')}`;
    out.push(`| ${int(r.n)} | ${describeCounts(r.applyRequests.byKind)} | ${describeCounts(r.applyRequests.byMethod)} | ${int(f.listings)} / ${int(f.singleGets)} / ${int(f.other)} | ${describeCounts(f.byKind)} | ${describeCounts(f.byMethod)} | ${runs} |`);
  }
  return out.join('\n');
}

function arithmetic(results) {
  const rate = results.opts.targetRate ?? WORKOS_REQUESTS_PER_SECOND;
  const rateSource = results.opts.targetRate ? `the control plane's \`--target-rate ${rate}\`` : "WorkOS's published 6,000 requests per 60 s per API key";
  const providerRps = results.opts.providerRps ?? results.providerDefaults.requestsPerSecond;
  const out = [
    `The target's rate limit is ${rate} requests/s (${rateSource}). However fast the provider is, ` +
      'an apply that sends R requests cannot finish before R ÷ rate seconds; the acceptance bound for an apply is ' +
      "2 × the floor's apply plus that. The provider paces itself too: R ÷ its own `requests_per_second` " +
      `(${providerRps ?? 'adaptive'}${results.opts.providerRps ? ', from `--provider-rps`' : ', its default'}) is what its pacing alone forces. ` +
      'The achieved rate is R ÷ the measured apply. A refresh is bound the same way by its own requests ÷ rate.',
    '',
    '| topology | N | requests per apply (R) | R ÷ target rate, s | 2 × floor + R ÷ rate, s | R ÷ provider rate, s | measured apply, s | achieved requests/s | refresh: requests ÷ target rate, s | measured plan, s |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const ok = results.rows.filter((x) => !x.error);
  const fastest = Math.max(...ok.map((r) => r.applyRequests.total / r.applyOurs));
  if (results.opts.targetRate && ok.every((r) => r.applyRequests.tooMany === 0) && fastest > 1.5 * rate) {
    out.splice(1, 0, '', `Note: an apply ran at ${int(fastest)} requests/s without a single 429, above the \`--target-rate\`: the control plane of this build may not have the \`rateLimit\` option.`);
  }
  for (const r of ok) {
    const R = r.applyRequests.total;
    const refresh = median(r.refreshRequests.map((t) => t.total));
    const providerForced = typeof providerRps === 'number' ? s(R / providerRps) : '—';
    out.push(`| ${r.topology} | ${int(r.n)} | ${int(R)} | ${s(R / rate)} | ${s(2 * r.applyFloor + R / rate)} | ${providerForced} | ${s(r.applyOurs)} | ${int(R / r.applyOurs)} | ${s(refresh / rate)} | ${s(r.planOurs)} |`);
  }
  return out.join('\n');
}

function parallelSection(parallel, rows) {
  if (parallel.length === 0) return [];
  const single = (n) => rows.find((r) => r.topology === 'mixed' && r.n === n && !r.error);
  const out = [
    '## Parallel stacks',
    '',
    'Stacks of the mixed topology (disjoint names) applied at the same moment against one control plane, with one API key; then one plan each, also at the same moment. "One stack alone" is the mixed apply of the same N above.',
    '',
    '| N per stack | stacks | apply s per stack | one stack alone, s | wall s | requests (apply) | 429s (apply) | plan s per stack | requests (refresh) | 429s (refresh) |',
    '| ---: | ---: | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |',
  ];
  const notes = [];
  for (const p of parallel) {
    if (p.error) {
      out.push(`| ${int(p.n)} | ${p.stacks} | failed (below) | | | | | | | |`);
      notes.push(`\`\`\`\n${p.error}\n\`\`\``);
      continue;
    }
    out.push(`| ${int(p.n)} | ${p.stacks} | ${p.applies.map(s).join(', ')} | ${s(single(p.n)?.applyOurs)} | ${s(p.wall)} | ${int(p.applyRequests.total)} | ${int(p.applyRequests.tooMany)} | ${p.plans.map(s).join(', ')} | ${int(p.refreshRequests.total)} | ${int(p.refreshRequests.tooMany)} |`);
  }
  return [...out, '', ...notes.flatMap((n) => [n, '']), ''];
}

/** Where the CPU of one plan went, ours against the floor's (bench/run.mjs: one extra plan each). */
function cpuSection(rows) {
  const measured = rows.filter((r) => r.cpuOurs && r.cpuFloor);
  if (measured.length === 0) return [];
  const out = [
    '## Where a plan\'s CPU goes',
    '',
    'One more plan each after the timed ones, its CPU time accounted (user + system, every thread): terraform\'s and every process it waited for, from the shell\'s `times`; the provider processes\' own, each reported at its exit (bench/cpu-report.cjs); terraform alone is the difference. The control plane runs in the benchmark\'s process: its CPU over our plan is that process\'s. On 2 cores the plan walk keeps both busy, so wall time follows the total: *terraform alone ÷ floor* is about the least plan ratio a provider that cost nothing would get.',
    '',
    '| topology | N | floor: CPU s | ours: terraform alone | provider (processes) | control plane | total | terraform alone ÷ floor | total ÷ floor | wall s of these plans: ours; floor |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const r of measured) {
    const o = r.cpuOurs;
    const total = o.total + o.target;
    out.push(`| ${r.topology} | ${int(r.n)} | ${s(r.cpuFloor.total)} | ${s(o.terraform)} | ${s(o.provider)} (${o.providerProcesses}) | ${s(o.target)} | ${s(total)} | ${ratio(o.terraform, r.cpuFloor.total)} | ${ratio(total, r.cpuFloor.total)} | ${s(o.seconds)}; ${s(r.cpuFloor.seconds)} |`);
  }
  return [...out, ''];
}

/** Plans through the echo provider: what terraform and node cost before the provider does anything. */
function echoSection(rows) {
  const measured = rows.filter((r) => !r.error && r.planEcho !== undefined);
  if (measured.length === 0) return [];
  const out = [
    '## Against the transport floor',
    '',
    "The echo provider (bench/echo-provider/main.ts) has this provider's schema and all of its transport: the go-plugin handshake, mutual TLS, HTTP/2 and gRPC framing, and the three node processes terraform starts for a plan. It does no work: every answer is made from the request alone (Read returns the current state, Plan the proposed one, validation says nothing) and it never calls the target. Its plan of the same applied state is what terraform and node cost before a provider does anything, so *echo ÷ floor* is the least plan ratio a Node.js provider over this transport can get, and *ours ÷ echo* is what this provider's own work adds. Plans as above (medians, in turn with ours and the floor); CPU from the accounted plan of each.",
    '',
    '| topology | N | plan s: floor | echo | ours | echo ÷ floor | ours ÷ floor | ours ÷ echo | CPU s, echo: terraform alone; provider (processes) | ours: terraform alone; provider (processes) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |',
  ];
  const notes = [];
  const cpu = (c) => (c ? `${s(c.terraform)}; ${s(c.provider)} (${c.providerProcesses})` : '—');
  for (const r of measured) {
    out.push(`| ${r.topology} | ${int(r.n)} | ${s(r.planFloor)} | ${s(r.planEcho)} | ${s(r.planOurs)} | ${ratio(r.planEcho, r.planFloor)} | ${ratio(r.planOurs, r.planFloor)} | ${ratio(r.planOurs, r.planEcho)} | ${cpu(r.cpuEcho)} | ${cpu(r.cpuOurs)} |`);
    const changed = r.echoPlanCodes.filter((c) => c !== 0).length;
    if (changed) notes.push(`${r.topology} N = ${int(r.n)}: ${changed} of ${r.echoPlanCodes.length} echo plans exited 2 (changes planned) instead of 0, so they are not a like-for-like refresh.`);
  }
  return [...out, ...notes.flatMap((n) => ['', n]), ''];
}

export function renderResults(results) {
  const m = results.machine;
  const o = results.opts;
  const topologies = [...new Set(results.rows.map((r) => r.topology))];
  const lines = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` (bench/run.mjs); figures, not assertions. README, "Benchmarks", says how to run it.`,
    ...(o.note ? ['', o.note] : []),
    '',
    '## Machine and run',
    '',
    `- date: ${results.date}`,
    `- command: \`\` ${results.command} \`\``, // double backticks: the command may hold one
    `- CPU: ${m.cpu}, ${m.cores} cores; memory ${m.memoryGiB} GiB; ${m.os}`,
    `- node ${m.node}; ${m.terraform}`,
    `- load average (1, 5, 15 min) before: ${m.loadBefore}; after: ${results.loadAfter}`,
    `- provider settings: ${o.providerRps ? `\`requests_per_second = ${o.providerRps}\` (--provider-rps)` : `defaults (requests_per_second ${results.providerDefaults.requestsPerSecond ?? 'adaptive'}, max_concurrent_requests ${results.providerDefaults.maxConcurrentRequests ?? '—'})`}; terraform \`-parallelism\` default (10)`,
    `- target: the local control plane in the benchmark's own process (it shares the cores with terraform and the provider); rate limit: ${o.targetRate ? `${o.targetRate} requests/s (--target-rate)` : 'none'}`,
    `- plans per measurement: ${o.runs} (medians below), ours, the echo provider's and the floor in turn`,
    '',
    '## What is measured',
    '',
    '- **apply**: `terraform apply` creating every object on a fresh target, wall time.',
    '- **plan**: `terraform plan -detailed-exitcode` right after, refreshing everything with nothing to change (exit 0), wall time; median of the runs.',
    '- **floor**: the same N of built-in `terraform_data` with the same dependency graph (each one\'s `input` lists the floor objects its original refers to), measured in the same run: what terraform itself costs for this walk.',
    '- **echo**: the same configuration and state through the echo provider, which has this provider\'s schema and transport and does no work ("Against the transport floor" below).',
    '- **requests**: every request the control plane answered during the command (retries and 429s included), from its request log; `terraform init` is not counted or timed.',
    '',
    `Mixed topology, shares of N: permissions ${pct(MIXED_SHARES.permissions)}; environment roles ${pct(MIXED_SHARES.roles)} (3 permissions each); organizations ${pct(MIXED_SHARES.organizations)}, each with 2 roles of its own (2 permissions each); users ${pct(MIXED_SHARES.users)}, each a member of one organization with its first role; directory group mappings ${pct(MIXED_SHARES.directoryMappings)} and SSO group mappings ${pct(MIXED_SHARES.ssoMappings)} (one environment role each); ${MIXED_SHARES.resourceTypes} resource types (workspace, project under a workspace); resources ${pct(MIXED_SHARES.resources)} (a third workspaces, the rest projects under them); resource assignments the rest (about a quarter: members of the resource's organization, an environment role each). \`permissions\` is N permissions alone.`,
    '',
  ];
  for (const t of topologies) {
    const rows = results.rows.filter((r) => r.topology === t);
    lines.push(`## Topology: ${t}`, '');
    for (const r of rows) lines.push(`- N = ${int(r.n)}: ${r.description}`);
    lines.push('', topologyTable(rows), '', 'Requests by kind of object and by method (refresh: the first plan):', '', kindsTable(rows), '');
  }
  lines.push(...cpuSection(results.rows));
  lines.push(...echoSection(results.rows));
  lines.push(...parallelSection(results.parallel, results.rows));
  lines.push('## Arithmetic', '', arithmetic(results), '');
  lines.push('## Provider start-up', '', '`node bench/provider-startup.mjs`:', '', '```', results.startup, '```', '');
  lines.push('## Resolution throughput', '', '`node bench/resolution.mjs`:', '', '```', results.resolution, '```', '');
  if (results.directorySync) lines.push('## Directory sync', '', '`node bench/directory-sync.mjs`:', '', '```', results.directorySync, '```', '');
  return lines.join('\n');
}
