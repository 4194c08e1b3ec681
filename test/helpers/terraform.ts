/**
 * Drives the real `terraform` CLI against the built provider (dist/provider) and a local
 * control plane. A missing prerequisite fails loudly with the fix; nothing is skipped.
 */
import { spawn, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { installProvider, packageRoot } from '../../src/install/provider-install';

export const ROOT = packageRoot();
/** The built `workos-rbac` command (npm run build). */
export const CLI = path.join(ROOT, 'dist', 'src', 'cli.js');

/** The `required_providers` block every test configuration starts with. */
export const REQUIRED_PROVIDERS = `terraform {
  required_providers {
    workos = { source = "workos-rbac/workos" }
  }
}
`;

/** REQUIRED_PROVIDERS plus a provider block that takes everything from the environment. */
export const PROVIDER_HCL = `${REQUIRED_PROVIDERS}
provider "workos" {}
`;

export function requireTerraform(): string {
  try {
    return execFileSync('terraform', ['version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, CHECKPOINT_DISABLE: '1' } }).split('\n')[0];
  } catch {
    throw new Error('terraform is not on PATH. Install Terraform >= 1.11 (https://developer.hashicorp.com/terraform/install); the end-to-end tests drive the real CLI.');
  }
}

export function requireBuild(): void {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'provider', 'provider.js'))) {
    throw new Error('dist/provider/provider.js is missing: run `npm run build` (npm test does it for you).');
  }
}

let installed: string | undefined;
/** Installs the provider once per test file into a temp dir; returns the CLI config path. */
export function installedCliConfig(): string {
  if (!installed) {
    requireTerraform();
    requireBuild();
    installed = installProvider(fs.mkdtempSync(path.join(os.tmpdir(), 'workos-rbac-install-'))).cliConfigFile;
  }
  return installed;
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export class Workspace {
  readonly dir: string;
  constructor(
    readonly baseUrl: string,
    readonly apiKey: string,
    readonly extraEnv: Record<string, string> = {},
  ) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workos-rbac-tf-'));
  }

  env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      TF_CLI_CONFIG_FILE: installedCliConfig(),
      CHECKPOINT_DISABLE: '1',
      TF_IN_AUTOMATION: '1',
      WORKOS_BASE_URL: this.baseUrl,
      WORKOS_API_KEY: this.apiKey,
      ...this.extraEnv,
    };
  }

  write(files: Record<string, string>): void {
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(this.dir, name), text);
  }

  /**
   * Asynchronous on purpose: the control plane under test usually runs in this process, and
   * a blocking spawn would starve it while terraform's provider waits for its answers.
   */
  tf(args: string[], extraEnv: Record<string, string> = {}): Promise<RunResult> {
    return runCommand('terraform', [...args, '-no-color'], { cwd: this.dir, env: { ...this.env(), ...extraEnv } });
  }

  /** Runs terraform and fails with its output when the exit code is not one of `ok`. */
  async must(args: string[], ok: number[] = [0]): Promise<RunResult> {
    const r = await this.tf(args);
    if (!ok.includes(r.code)) {
      throw new Error(`terraform ${args.join(' ')} exited ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
    }
    return r;
  }

  async init(): Promise<void> {
    await this.must(['init', '-input=false']);
  }

  apply(): Promise<RunResult> {
    return this.must(['apply', '-auto-approve', '-input=false']);
  }

  /** Saved plan as JSON: `resource_changes[]` with `address` and `change.actions`. */
  async plan(): Promise<{ changes: Record<string, string[]>; text: string; json: PlanJson }> {
    const text = (await this.must(['plan', '-input=false', '-out=tfplan'])).stdout;
    const json = JSON.parse((await this.must(['show', '-json', 'tfplan'])).stdout) as PlanJson;
    const changes: Record<string, string[]> = {};
    for (const rc of json.resource_changes ?? []) {
      if (!(rc.change.actions.length === 1 && rc.change.actions[0] === 'no-op')) changes[rc.address] = rc.change.actions;
    }
    return { changes, text, json };
  }

  state(): { resources: Array<{ type: string; name: string; instances: Array<{ attributes: Record<string, unknown> }> }> } {
    return JSON.parse(fs.readFileSync(path.join(this.dir, 'terraform.tfstate'), 'utf8'));
  }

  cleanup(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface PlanJson {
  resource_changes?: Array<{
    address: string;
    change: { actions: string[]; before: Record<string, unknown> | null; after: Record<string, unknown> | null; replace_paths?: unknown[] };
  }>;
}

/** Runs a command without blocking the event loop; kills it after `timeoutMs`. */
/** Runs a command asynchronously and collects its output; `stdin`, when given, is piped in. */
export function runCommand(cmd: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number; stdin?: string }): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: [opts.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    if (opts.stdin !== undefined) child.stdin!.end(opts.stdin);
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 300_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}
