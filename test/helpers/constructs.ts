/** Shared by the construct tests: a stack with the provider, and synthesis as `cdktf synth` runs it. */
import { TerraformOutput, TerraformStack, Testing } from 'cdktf';
import { WorkosProvider } from '../../constructs';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

/** A stack holding the default `workos` provider. */
export function newStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'stack');
  new WorkosProvider(stack, 'workos');
  return stack;
}

/** Synthesizes with validations, as `cdktf synth` does. */
export const synth = (stack: TerraformStack): string => Testing.synth(stack, true);
export const parsed = (stack: TerraformStack): Json => JSON.parse(synth(stack));

/** How terraform sees each value: rendered through outputs. */
export function rendered(stack: TerraformStack, values: Record<string, unknown>): Record<string, unknown> {
  for (const [name, value] of Object.entries(values)) new TerraformOutput(stack, name, { value });
  const outputs = parsed(stack).output as Record<string, { value: unknown }>;
  return Object.fromEntries(Object.keys(values).map((name) => [name, outputs[name].value]));
}

/** The message of synth's validation error ('' when synth succeeds). */
export function synthErrors(stack: TerraformStack): string {
  try {
    synth(stack);
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

/** The warnings a construct attached at synth. */
export const warningsOf = (c: { node: { metadata: Array<{ type: string; data: unknown }> } }): string[] =>
  c.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
