import * as path from 'node:path';
import { Annotations, TerraformProvider, TerraformStack, Token, type ISynthesisSession } from 'cdktf';
import type { Construct } from 'constructs';
import { PROVIDER_SOURCE } from '../src/install/provider-install';
import { ensureLockEntry, providerInstalledForTerraform } from '../src/install/lock-file';
import { providerConfigSchema } from '../src/schemas';
import { VERSION } from '../src/version';
import type { WorkosProviderConfig } from './generated/provider';
import { configFromProps, terraformHclAttributes, terraformJsonAttributes, validateConfig } from './schema-bridge';

/** Configuration of the `workos` provider. Every field falls back to an environment variable at deploy time. */
export interface WorkosProviderProps extends WorkosProviderConfig {
  /**
   * Alias of this provider configuration, to use several WorkOS environments in one stack.
   * Pass the aliased provider to resources through their `provider` prop.
   *
   * @default the default (unaliased) provider configuration
   */
  readonly alias?: string;
}

/**
 * The `workos` Terraform provider (`workos-rbac/workos`).
 *
 * Leave `apiKey` unset so the provider reads `WORKOS_API_KEY` at deploy time, or pass a
 * sensitive `TerraformVariable`'s value: a literal string would be written to `cdktf.out`.
 */
export class WorkosProvider extends TerraformProvider {
  /** Terraform's name for the provider. */
  static readonly tfResourceType = 'workos';
  /** Registry source address of the provider. */
  static readonly terraformProviderSource = 'workos-rbac/workos';

  readonly baseUrl?: string;
  readonly apiKey?: string;
  readonly maxConcurrentRequests?: number;
  readonly requestsPerSecond?: number;
  private aliasName?: string;

  constructor(scope: Construct, id: string, props: WorkosProviderProps = {}) {
    super(scope, id, {
      terraformResourceType: WorkosProvider.tfResourceType,
      terraformProviderSource: WorkosProvider.terraformProviderSource,
      // cdktf writes this into required_providers; it must match the installed provider.
      terraformGeneratorMetadata: { providerName: 'workos', providerVersion: VERSION },
    });
    this.alias = props.alias;
    this.baseUrl = props.baseUrl;
    this.apiKey = props.apiKey;
    this.maxConcurrentRequests = props.maxConcurrentRequests;
    this.requestsPerSecond = props.requestsPerSecond;
    if (props.apiKey !== undefined && !Token.isUnresolved(props.apiKey)) {
      Annotations.of(this).addWarning(
        'apiKey is a literal string and will be written to the synthesized configuration. Leave it unset (the provider reads WORKOS_API_KEY) or pass a sensitive TerraformVariable.',
      );
    }
    this.node.addValidation({ validate: () => validateConfig(this, providerConfigSchema.attributes, this.config()) });
    // cdktf calls a construct's custom synthesis (this symbol is how its own TerraformAsset
    // registers one) once the stack's output directory exists, before it collects annotations.
    Object.defineProperty(this, Symbol.for('cdktf/customSynthesis'), {
      value: { onSynthesize: (session: ISynthesisSession) => this.prepareStackDirectory(session) },
      enumerable: false,
    });
  }

  /**
   * Makes the synthesized stack directory deployable with plain `cdktf deploy`: a lock file
   * entry so cdktf does not ask the public registry for this unpublished provider, and a
   * warning with the fix when Terraform would not find the provider at all.
   */
  private prepareStackDirectory(session: ISynthesisSession): void {
    const stack = TerraformStack.of(this);
    const dir = path.join(session.outdir, session.manifest.forStack(stack).workingDirectory);
    ensureLockEntry(dir, PROVIDER_SOURCE, VERSION);
    if (!providerInstalledForTerraform(PROVIDER_SOURCE)) {
      Annotations.of(this).addWarning(
        `Terraform will not find the workos provider (${PROVIDER_SOURCE} ${VERSION} is installed from a local mirror, not downloaded). ` +
          'Install it and select it before deploying: export TF_CLI_CONFIG_FILE="$(npx workos-rbac provider install | tail -n 1)"',
      );
    }
  }

  /** cdktf's base class leaves `alias` to subclasses; it synthesizes it from here. */
  override get alias(): string | undefined {
    return this.aliasName;
  }
  override set alias(value: string | undefined) {
    this.aliasName = value;
  }

  private config(): Record<string, unknown> {
    return configFromProps(providerConfigSchema.attributes, {
      baseUrl: this.baseUrl,
      apiKey: this.apiKey,
      maxConcurrentRequests: this.maxConcurrentRequests,
      requestsPerSecond: this.requestsPerSecond,
    });
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return terraformJsonAttributes(providerConfigSchema.attributes, this.config());
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return terraformHclAttributes(providerConfigSchema.attributes, this.config());
  }
}
