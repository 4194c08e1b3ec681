/**
 * examples/github-actions/workflow.yml and examples/drift-watch/workflow.yml are not run by
 * the tests, so this checks what can be checked offline: every `workos-rbac` and `cdktf`
 * command in them exists and is spelled as the CLI implements it, the stack they name is the
 * example's, and the comment or issue marker they look for is the one the report starts with.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { parseImpactArgs } from '../../src/impact/command';
import { IMPACT_MARKER } from '../../src/impact/render';
import { DRIFT_MARKER } from '../../src/impact/drift';
import { DRIFT_FOUND, parseDriftArgs } from '../../src/impact/drift-command';

const DIR = path.join(__dirname, '..', '..', 'examples', 'github-actions');

interface Step {
  run?: string;
  uses?: string;
  with?: Record<string, unknown>;
}
const workflow = parse(fs.readFileSync(path.join(DIR, 'workflow.yml'), 'utf8')) as { on: Record<string, unknown>; jobs: Record<string, { if?: string; steps: Step[] }> };
const runs = (job: string) => workflow.jobs[job]!.steps.flatMap((s) => (s.run ? [s.run] : []));
/** `npx TOOL args…` invocations inside a run line (also inside `$( … )`). */
const invocations = (tool: string) =>
  Object.keys(workflow.jobs)
    .flatMap(runs)
    .flatMap((line) => [...line.matchAll(new RegExp(`npx ${tool} ([^|>)"]*)`, 'g'))].map((m) => m[1]!.trim().split(/\s+/)));

describe('examples/github-actions/workflow.yml', () => {
  test('runs on pull requests (impact) and on pushes to main (deploy)', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'push']);
    expect(workflow.jobs.impact!.if).toContain("'pull_request'");
    expect(workflow.jobs.deploy!.if).toContain("'refs/heads/main'");
  });

  test('every workos-rbac command is one the CLI implements', () => {
    const cli = fs.readFileSync(path.join(__dirname, '..', '..', 'src', 'cli.ts'), 'utf8');
    const calls = invocations('workos-rbac');
    expect(calls.map((c) => c[0])).toEqual(expect.arrayContaining(['provider', 'impact']));
    for (const [command, ...args] of calls) {
      expect(cli).toContain(`case '${command}':`);
      if (command === 'provider') expect(args).toEqual(['install']);
      if (command === 'impact') expect(parseImpactArgs(args)).toEqual({ source: { kind: 'cdktf', stack: 'rbac' }, format: 'markdown', enrich: false, policy: 'policy.yaml' });
    }
  });

  test('cdktf synthesizes and deploys the example stack', () => {
    const main = fs.readFileSync(path.join(DIR, 'main.ts'), 'utf8');
    expect(main).toContain("new ReviewedRbacStack(app, 'rbac')");
    expect(invocations('cdktf')).toEqual([['synth'], ['deploy', 'rbac', '--auto-approve']]);
    expect(runs('impact')).toContain('npx cdktf synth');
  });

  test('the comment is found and updated by the marker the report starts with', () => {
    const script = String(workflow.jobs.impact!.steps.find((s) => s.uses?.startsWith('actions/github-script'))!.with!.script);
    expect(script).toContain(`'${IMPACT_MARKER}'`);
    expect(script).toContain('updateComment');
    expect(script).toContain('createComment');
  });

  test('the guardrails it checks are the example policy, and a BLOCK (exit 3) fails the job after the comment', () => {
    expect(fs.existsSync(path.join(DIR, 'policy.yaml'))).toBe(true);
    const steps = workflow.jobs.impact!.steps;
    const check = steps.findIndex((s) => s.run?.includes('--policy policy.yaml'));
    const post = steps.findIndex((s) => s.uses?.startsWith('actions/github-script'));
    const fail = steps.findIndex((s) => (s as { if?: string }).if === "steps.impact.outputs.code == '3'");
    expect([check, post, fail].every((i) => i >= 0)).toBe(true);
    expect(check < post && post < fail).toBe(true);
    expect(steps[fail]!.run).toContain('exit 1');
  });
});

describe('examples/drift-watch/workflow.yml', () => {
  const DRIFT_DIR = path.join(__dirname, '..', '..', 'examples', 'drift-watch');
  const drift = parse(fs.readFileSync(path.join(DRIFT_DIR, 'workflow.yml'), 'utf8')) as {
    on: Record<string, unknown>;
    concurrency: { group: string };
    permissions: Record<string, string>;
    jobs: Record<string, { steps: Array<Step & { id?: string; if?: string; env?: Record<string, string> }> }>;
  };
  const steps = drift.jobs.drift!.steps;
  const driftRuns = steps.flatMap((s) => (s.run ? [s.run] : []));
  const calls = driftRuns.flatMap((line) => [...line.matchAll(/npx workos-rbac ([^|>)"]*)/g)].map((m) => m[1]!.trim().split(/\s+/)));

  test('runs on a schedule (and by hand), in the deploy workflow\'s concurrency group, allowed to write issues only', () => {
    expect(Object.keys(drift.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    expect(drift.on.schedule).toEqual([{ cron: '17 6 * * *' }]);
    expect(drift.concurrency.group).toBe((workflow as unknown as { concurrency: { group: string } }).concurrency.group);
    expect(drift.permissions).toEqual({ contents: 'read', issues: 'write' });
  });

  test('runs workos-rbac drift on the example stack, as the CLI parses it', () => {
    expect(calls.map((c) => c[0])).toEqual(['provider', 'drift']);
    expect(fs.readFileSync(path.join(__dirname, '..', '..', 'src', 'cli.ts'), 'utf8')).toContain("case 'drift':");
    const [, ...args] = calls[1]!;
    expect(parseDriftArgs(args)).toEqual({ source: { kind: 'cdktf', stack: 'rbac' }, format: 'markdown' });
    expect(driftRuns).toContain('npx cdktf synth');
  });

  test(`tells drift (exit ${DRIFT_FOUND}) from a failed refresh, and fails the job on drift unless told not to`, () => {
    const run = steps.find((s) => s.id === 'drift')!.run!;
    expect(run).toContain(`[ "$code" != ${DRIFT_FOUND} ]`);
    const fail = steps.find((s) => s.run?.includes('exit 1'))!;
    expect(fail.if).toBe(`steps.drift.outputs.code == '${DRIFT_FOUND}' && vars.RBAC_DRIFT_FAILS != 'false'`);
  });

  test('one issue, found by the marker the drift report starts with: updated, created, or closed when the drift is gone', () => {
    const step = steps.find((s) => s.uses?.startsWith('actions/github-script'))!;
    const script = String(step.with!.script);
    expect(script).toContain(`'${DRIFT_MARKER}'`);
    expect(script).toContain(`process.env.DRIFT_CODE === '${DRIFT_FOUND}'`);
    expect(step.env).toEqual({ DRIFT_CODE: '${{ steps.drift.outputs.code }}' });
    expect(script).toContain('github.rest.issues.update({ owner, repo, issue_number: previous.number, body })');
    expect(script).toContain('github.rest.issues.create(');
    expect(script).toContain("state: 'closed'");
  });
});
