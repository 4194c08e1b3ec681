#!/usr/bin/env node
/**
 * `workos-rbac`: the command-line entry of cdktf-workos-rbac.
 *   workos-rbac server --port P --data-dir DIR [--api-key-file F] [--rate-limit N]   the local control plane
 *   workos-rbac provider install [--dir DIR]                    install the Terraform provider
 *   workos-rbac resolve --organization ORG_ID [--directory-user ID] [--directory-group G]... [--sso-group G]...
 *                       [--attribute k=v]... [--json]           which roles would a user get, and why
 *   workos-rbac export [--format cdktf|hcl] [--out DIR] [--stack-name NAME]   adopt a live environment as code
 *   workos-rbac impact PLAN_JSON|-|--cdktf STACK [--format json] [--policy FILE]   access impact of a plan
 *   workos-rbac audit PLAN_JSON|-|--cdktf STACK|--live [--format json] [--top N]   least-privilege audit
 *   workos-rbac drift [DIR|--cdktf STACK|--plan-json FILE|-] [--format json] [--policy FILE]   out-of-band changes and their access impact
 *   workos-rbac role-changes [--organization ORG_ID] [--user EMAIL] [--since TIME] [--format json]   who got which role, when and why
 */
import { installProvider } from './install/provider-install';
import { targetFromEnvironment, type ProviderSettings } from './settings';
import type { ResolveRolesInput, WorkosApi } from './client/types';
import type { Resolution, RoleReason } from './resolution';

const USAGE = `usage:
  workos-rbac server --port PORT --data-dir DIR [--api-key-file FILE] [--rate-limit N]
                      run the local control plane; the key from WORKOS_API_KEY or FILE
                      (--api-key KEY works, but every local account sees it in ps);
                      --rate-limit: N requests per second per API key, then 429 + Retry-After
  workos-rbac provider install [--dir DIR]                        install the Terraform provider;
                                                                   prints the CLI config path last
  workos-rbac resolve --organization ORG_ID [--directory-user ID] [--directory-group G]... [--sso-group G]...
                      [--attribute NAME=VALUE]... [--json]
                      which roles a user with these groups/attributes gets, and why
                      (--directory-user: that directory user's own groups and attributes too)
                      (uses WORKOS_BASE_URL and WORKOS_API_KEY)
  workos-rbac export [--format cdktf|hcl] [--out DIR] [--stack-name NAME]
                      write code that adopts the live environment: DIR/main.ts + cdktf.json
                      with importFrom calls, or DIR/main.tf with import blocks (default DIR: .)
                      (uses WORKOS_BASE_URL and WORKOS_API_KEY)
  workos-rbac impact PLAN_JSON | - | --cdktf STACK [--format markdown|json] [--enrich] [--policy FILE]
                      who gains or loses which roles and permissions with this plan
                      (PLAN_JSON: \`terraform show -json PLANFILE\`; - reads stdin; offline;
                      --enrich adds member counts from the target, with WORKOS_API_KEY;
                      --policy checks the guardrails in FILE: ALLOW, WARN or BLOCK)
                      exit 0: report printed; 1: unreadable plan or terraform failed; 2: usage
                      or a malformed policy; 3: a guardrail of severity block fired
  workos-rbac audit PLAN_JSON | - | --cdktf STACK | --live [--format markdown|json] [--top N]
                    [--fail-on unused_permissions,idle_roles,redundant_grants]
                      unused permissions, idle roles, the N widest subjects (default 10) and
                      redundant grants, after a plan, in cdktf.out/stacks/STACK, or live
                      (--live uses WORKOS_BASE_URL and WORKOS_API_KEY)
                      exit 0: report printed; 1: unreadable input or target; 2: usage;
                      3: report printed and a --fail-on finding present
  workos-rbac drift [DIR | --cdktf STACK | --plan-json FILE | --plan-json -] [--format markdown|json]
                    [--policy FILE]
                      what changed in the target outside Terraform, and who gained or lost
                      which permissions by it (runs terraform plan -refresh-only in DIR,
                      default .; or reads \`terraform show -json\` of such a plan);
                      --policy checks the guardrails in FILE on the target as it is now
                      exit 0: no drift; 4: drift found; 3: a guardrail of severity block fired;
                      1: terraform failed or unreadable plan; 2: usage or a malformed policy
  workos-rbac role-changes [--organization ORG_ID] [--user EMAIL] [--since TIME] [--format text|json]
                      who got which organization role, when and why (directory sync, sign-in,
                      mapping changes, the API), oldest first, from the target's event log;
                      TIME: ISO-8601 or a duration back from now (30m, 12h, 7d)
                      (uses WORKOS_BASE_URL and WORKOS_API_KEY)
`;

function flag(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  if (i === -1) return undefined;
  const v = argv[i + 1];
  if (v === undefined || v.startsWith('--')) throw new UsageError(`${name} needs a value`);
  return v;
}

export class UsageError extends Error {}

/** The target from the environment, by the provider's rules (src/settings.ts); bad settings are usage errors. */
function target(env: NodeJS.ProcessEnv): ProviderSettings {
  try {
    return targetFromEnvironment(env);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

// ---- resolve --------------------------------------------------------------------------

export interface ResolveArgs {
  readonly organizationId: string;
  readonly facts: ResolveRolesInput;
  readonly json: boolean;
}

/** Parses `resolve`'s arguments; repeatable flags collect in order. Throws UsageError. */
export function parseResolveArgs(argv: readonly string[]): ResolveArgs {
  let organizationId: string | undefined;
  let directoryUserId: string | undefined;
  const directoryGroups: string[] = [];
  const ssoGroups: string[] = [];
  const attributes: Record<string, string> = {};
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i]!;
    if (name === '--json') {
      json = true;
      continue;
    }
    const value = argv[i + 1];
    const needsValue = ['--organization', '--directory-user', '--directory-group', '--sso-group', '--attribute'];
    if (!needsValue.includes(name)) throw new UsageError(`resolve: unknown argument ${JSON.stringify(name)}`);
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${name} needs a value`);
    i++;
    switch (name) {
      case '--organization':
        if (organizationId !== undefined) throw new UsageError('--organization may be given once');
        organizationId = value;
        break;
      case '--directory-user':
        if (directoryUserId !== undefined) throw new UsageError('--directory-user may be given once');
        directoryUserId = value;
        break;
      case '--directory-group':
        directoryGroups.push(value);
        break;
      case '--sso-group':
        ssoGroups.push(value);
        break;
      case '--attribute': {
        const eq = value.indexOf('=');
        if (eq <= 0) throw new UsageError(`--attribute needs NAME=VALUE, not ${JSON.stringify(value)}`);
        const key = value.slice(0, eq);
        if (key in attributes) throw new UsageError(`--attribute ${key} given twice`);
        attributes[key] = value.slice(eq + 1);
        break;
      }
    }
  }
  if (organizationId === undefined || organizationId === '') throw new UsageError('resolve needs --organization ORG_ID');
  return {
    organizationId,
    facts: {
      ...(directoryUserId !== undefined ? { directory_user_id: directoryUserId } : {}),
      ...(directoryGroups.length ? { directory_groups: directoryGroups } : {}),
      ...(ssoGroups.length ? { sso_groups: ssoGroups } : {}),
      ...(Object.keys(attributes).length ? { attributes } : {}),
    },
    json,
  };
}

/** A plain-text table: role | source | mapping | rule, then the dropped candidates. */
export function renderResolution(resolution: Resolution): string {
  const header = ['role', 'source', 'mapping', 'rule'];
  const row = (r: RoleReason) => [r.role, r.source, r.mapping, r.rule];
  const table = (rows: string[][]): string[] => {
    const widths = header.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
    const line = (r: string[]) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join(' | ');
    return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('-+-'), ...rows.slice(1).map(line)];
  };
  const out = [`roles: ${resolution.roles.join(', ') || '(none)'}`, '', ...table([header, ...resolution.reasons.map(row)])];
  if (resolution.dropped.length > 0) out.push('', 'dropped candidates:', ...table([header, ...resolution.dropped.map(row)]));
  return out.join('\n') + '\n';
}

async function runResolveCommand(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const args = parseResolveArgs(argv);
  const apiKey = env.WORKOS_API_KEY;
  if (!apiKey) throw new UsageError('set WORKOS_API_KEY (and WORKOS_BASE_URL for the local control plane)');
  const { WorkosClient } = await import('./client');
  const client: WorkosApi = new WorkosClient(target(env));
  const resolution = await client.resolveRoles(args.organizationId, args.facts);
  process.stdout.write(args.json ? `${JSON.stringify(resolution, null, 2)}\n` : renderResolution(resolution));
  return 0;
}

async function runExportCommand(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { exportEnvironment, parseExportArgs, renderSummary, ExportUsageError } = await import('./export');
  let args;
  try {
    args = parseExportArgs(argv);
  } catch (err) {
    throw err instanceof ExportUsageError ? new UsageError(err.message) : err;
  }
  const apiKey = env.WORKOS_API_KEY;
  if (!apiKey) throw new UsageError('set WORKOS_API_KEY (and WORKOS_BASE_URL for the local control plane)');
  const { WorkosClient } = await import('./client');
  const settings = target(env);
  let result;
  try {
    result = await exportEnvironment(new WorkosClient(settings), args, settings.baseUrl);
  } catch (err) {
    throw err instanceof ExportUsageError ? new UsageError(err.message) : err;
  }
  process.stdout.write(renderSummary(result, args));
  return 0;
}

async function runRoleChangesCommand(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { listRoleChanges, parseRoleChangesArgs, renderRoleChanges, RoleChangesUsageError } = await import('./role-changes');
  let args;
  try {
    args = parseRoleChangesArgs(argv);
  } catch (err) {
    throw err instanceof RoleChangesUsageError ? new UsageError(err.message) : err;
  }
  if (!env.WORKOS_API_KEY) throw new UsageError('set WORKOS_API_KEY (and WORKOS_BASE_URL for the local control plane)');
  const { WorkosClient } = await import('./client');
  const list = await listRoleChanges(new WorkosClient(target(env)).events, args);
  process.stdout.write(args.format === 'json' ? `${JSON.stringify(list, null, 2)}\n` : renderRoleChanges(list));
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'server': {
      const { runServerCommand } = await import('./control-plane');
      await runServerCommand(rest);
      return 0;
    }
    case 'provider': {
      if (rest[0] !== 'install') throw new UsageError(`unknown provider command ${JSON.stringify(rest[0] ?? '')}`);
      const result = installProvider(flag(rest, '--dir'));
      process.stdout.write(`installed ${'registry.terraform.io/workos-rbac/workos'} ${result.version} into ${result.mirrorDir}\n`);
      process.stdout.write(
        result.cliConfigSource
          ? `CLI configuration: your ${result.cliConfigSource}, kept as it is; ${result.cliConfigMerge}\n`
          : `CLI configuration: you had none; ${result.cliConfigMerge}\n`,
      );
      process.stdout.write(`use it with: export TF_CLI_CONFIG_FILE=${result.cliConfigFile}\n`);
      process.stdout.write(`${result.cliConfigFile}\n`);
      return 0;
    }
    case 'resolve':
      return runResolveCommand(rest, process.env);
    case 'role-changes':
      return runRoleChangesCommand(rest, process.env);
    case 'export':
      return runExportCommand(rest, process.env);
    case 'impact': {
      const { runImpactCommand, ImpactUsageError } = await import('./impact/command');
      try {
        return await runImpactCommand(rest);
      } catch (err) {
        throw err instanceof ImpactUsageError ? new UsageError(err.message) : err;
      }
    }
    case 'audit': {
      const { runAuditCommand, AuditUsageError } = await import('./audit/command');
      try {
        return await runAuditCommand(rest);
      } catch (err) {
        throw err instanceof AuditUsageError ? new UsageError(err.message) : err;
      }
    }
    case 'drift': {
      const { runDriftCommand, DriftUsageError } = await import('./impact/drift-command');
      try {
        return runDriftCommand(rest);
      } catch (err) {
        throw err instanceof DriftUsageError ? new UsageError(err.message) : err;
      }
    }
    case undefined:
    case '-h':
    case '--help':
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  }
}

// Only as a program: tests import the parsing and rendering above.
if (require.main === module) run();

function run(): void {
  main(process.argv.slice(2)).then(
    (code) => {
      if (code !== 0) process.exitCode = code;
    },
    (err: unknown) => {
      if (err instanceof UsageError) {
        process.stderr.write(`workos-rbac: ${err.message}\n${USAGE}`);
        process.exitCode = 2;
      } else {
        process.stderr.write(`workos-rbac: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exitCode = 1;
      }
    },
  );
}
