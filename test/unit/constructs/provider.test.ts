/**
 * WorkosProvider: the provider block (source, snake_case attributes, alias), its warning about a literal
 * API key, and its throttling props, validated at synth with the provider's own rules.
 */
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { WorkosProvider } from '../../../constructs';
import { newStack, parsed, synth } from '../../helpers/constructs';

Testing.setupJest();

describe('WorkosProvider', () => {
  test('synthesizes the provider source and snake_case attributes', () => {
    // GIVEN a stack
    const stack = new TerraformStack(Testing.app(), 'stack');
    const apiKey = new TerraformVariable(stack, 'workos_api_key', { type: 'string', sensitive: true });

    // WHEN a provider gets a base URL and an API key from a variable
    new WorkosProvider(stack, 'workos', { baseUrl: 'http://127.0.0.1:8080', apiKey: apiKey.stringValue });

    // THEN the provider is sourced from workos-rbac/workos and the key stays a reference
    const json = parsed(stack);
    expect(json.terraform.required_providers.workos.source).toBe('workos-rbac/workos');
    expect(json.provider.workos).toEqual([{ base_url: 'http://127.0.0.1:8080', api_key: '${var.workos_api_key}' }]);
  });

  test('with no props the provider block is empty (the provider reads WORKOS_* at deploy time)', () => {
    const json = parsed(newStack());
    expect(json.provider.workos).toEqual([{}]);
  });

  test('a literal API key is accepted with a warning, since it would land in cdktf.out', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    const provider = new WorkosProvider(stack, 'workos', { apiKey: 'sk_test_literal' });
    const warnings = provider.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
    expect(warnings).toEqual([expect.stringMatching(/apiKey is a literal string.*WORKOS_API_KEY/)]);

    const fromVariable = new WorkosProvider(stack, 'from-variable', {
      alias: 'v',
      apiKey: new TerraformVariable(stack, 'key', { type: 'string', sensitive: true }).stringValue,
    });
    expect(fromVariable.node.metadata.filter((m) => m.type === '@cdktf/warn')).toEqual([]);
  });

  test('an aliased provider synthesizes its alias', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    new WorkosProvider(stack, 'staging', { alias: 'staging' });
    expect(parsed(stack).provider.workos).toEqual([{ alias: 'staging' }]);
  });

  test('an invalid base URL fails validation, naming baseUrl', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    new WorkosProvider(stack, 'workos', { baseUrl: 'ftp://example.com' });
    expect(() => synth(stack)).toThrow(/"baseUrl".*http\(s\) URL/);
  });
});

describe('WorkosProvider throttling props', () => {
  test('maxConcurrentRequests and requestsPerSecond synthesize as max_concurrent_requests and requests_per_second', () => {
    // GIVEN a stack
    const stack = new TerraformStack(Testing.app(), 'stack');
    // WHEN the provider gets both limits
    const provider = new WorkosProvider(stack, 'workos', { maxConcurrentRequests: 2, requestsPerSecond: 5 });
    // THEN they are in the provider block and on the construct
    const json = JSON.parse(Testing.synth(stack));
    expect(json.provider.workos).toEqual([{ max_concurrent_requests: 2, requests_per_second: 5 }]);
    expect(provider.maxConcurrentRequests).toBe(2);
    expect(provider.requestsPerSecond).toBe(5);
  });

  test('limits below 1 fail validation, naming the prop', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    new WorkosProvider(stack, 'workos', { maxConcurrentRequests: 0, requestsPerSecond: 0.5 });
    expect(() => Testing.synth(stack, true)).toThrow(/"maxConcurrentRequests".*at least 1[\s\S]*"requestsPerSecond".*at least 1/);
  });
});
