/**
 * examples/github-actions/workflow.yml is not run by the tests, so this checks what can be
 * checked offline: every `workos-rbac` and `cdktf` command in it exists and is spelled as the
 * CLI implements it, the stack it names is the example's, and the comment marker it looks
 * for is the one the report starts with.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { parseImpactArgs } from '../../src/impact/command';
import { IMPACT_MARKER } from '../../src/impact/render';

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
