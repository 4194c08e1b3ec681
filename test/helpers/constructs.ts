/** Shared by the construct tests: a stack with the provider, and synthesis as `cdktf synth` runs it. */
import { TerraformStack, Testing } from 'cdktf';
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
