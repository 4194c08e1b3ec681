#!/usr/bin/env node
/**
 * `workos-rbac`: the command-line entry of cdktf-workos-rbac.
 *   workos-rbac server --port P --data-dir DIR --api-key KEY   the local control plane
 *   workos-rbac provider install [--dir DIR]                    install the Terraform provider
 */
import { installProvider } from './install/provider-install';

const USAGE = `usage:
  workos-rbac server --port PORT --data-dir DIR [--api-key KEY]   run the local control plane
  workos-rbac provider install [--dir DIR]                        install the Terraform provider;
                                                                   prints the CLI config path last
`;

function flag(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  if (i === -1) return undefined;
  const v = argv[i + 1];
  if (v === undefined || v.startsWith('--')) throw new UsageError(`${name} needs a value`);
  return v;
}

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'server': {
      const { runServerCommand } = await import('./server');
      await runServerCommand(rest);
      return 0;
    }
    case 'provider': {
      if (rest[0] !== 'install') throw new UsageError(`unknown provider command ${JSON.stringify(rest[0] ?? '')}`);
      const result = installProvider(flag(rest, '--dir'));
      process.stdout.write(`installed ${'registry.terraform.io/workos-rbac/workos'} ${result.version} into ${result.mirrorDir}\n`);
      process.stdout.write(`use it with: export TF_CLI_CONFIG_FILE=${result.cliConfigFile}\n`);
      process.stdout.write(`${result.cliConfigFile}\n`);
      return 0;
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
