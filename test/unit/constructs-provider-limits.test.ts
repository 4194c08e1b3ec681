/** WorkosProvider's throttling props: synthesized as snake_case, validated at synth with the provider's own rules. */
import { TerraformStack, Testing } from 'cdktf';
import { WorkosProvider } from '../../constructs';

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
