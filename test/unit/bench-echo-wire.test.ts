/**
 * The benchmark's echo provider answers from a request's bytes (bench/echo-provider/wire.ts):
 * what it reads and writes must be the tfplugin6 messages protobufjs reads and writes.
 */
import { encode } from '@msgpack/msgpack';
import { MessageCodecs, protocolDescriptor } from '../../providers/protocol/load';
import { encodeField, lengthDelimitedFields } from '../../bench/echo-provider/wire';

const codecs = new MessageCodecs(protocolDescriptor());
const plan = codecs.method('tfplugin6.Provider', 'PlanResourceChange');
const upgrade = codecs.method('tfplugin6.Provider', 'UpgradeResourceState');

describe('echo provider wire format', () => {
  it('finds the length-delimited fields of a request, past varint fields', () => {
    const state = Buffer.from(encode({ id: 'perm_1', slug: 'a:b' }));
    const proposed = Buffer.from(encode({ id: 'perm_1', slug: 'a:c' }));
    const request = Buffer.from(
      plan.request
        .encode(
          plan.request.fromObject({
            type_name: 'workos_permission',
            prior_state: { msgpack: state },
            proposed_new_state: { msgpack: proposed },
            prior_private: Buffer.from('{"x":1}'),
            client_capabilities: { deferral_allowed: true },
          }),
        )
        .finish(),
    );
    const fields = lengthDelimitedFields(request);
    expect(fields.get(1)?.toString()).toBe('workos_permission');
    expect(fields.get(5)?.toString()).toBe('{"x":1}');
    // The echo's answer: planned state = proposed state, planned private = prior private.
    const answer = Buffer.concat([encodeField(1, fields.get(3)), encodeField(3, fields.get(5))]);
    const decoded = plan.response.toObject(plan.response.decode(answer), { defaults: true }) as { planned_state: { msgpack: Uint8Array }; planned_private: Uint8Array };
    expect(Buffer.from(decoded.planned_state.msgpack)).toEqual(proposed);
    expect(Buffer.from(decoded.planned_private).toString()).toBe('{"x":1}');
  });

  it('writes lengths of more than one varint byte, and nothing for an absent field', () => {
    const json = Buffer.from(JSON.stringify({ description: 'x'.repeat(300) }));
    const request = Buffer.from(upgrade.request.encode(upgrade.request.fromObject({ type_name: 'workos_role', version: 3, raw_state: { json } })).finish());
    const raw = lengthDelimitedFields(request).get(3)!;
    const answer = encodeField(1, encodeField(2, lengthDelimitedFields(raw).get(1)));
    const decoded = upgrade.response.toObject(upgrade.response.decode(answer)) as { upgraded_state: { json: Uint8Array } };
    expect(Buffer.from(decoded.upgraded_state.json)).toEqual(json);
    expect(encodeField(4, undefined)).toHaveLength(0);
  });

  it('refuses a truncated message', () => {
    expect(() => lengthDelimitedFields(Buffer.from([0x0a, 0x05, 0x61]))).toThrow('truncated field');
  });
});
