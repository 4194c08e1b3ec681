/** Just enough of the protobuf wire format for the echo provider (main.ts) to answer from a request's bytes. */

/**
 * The length-delimited fields of a protobuf message by number (the last occurrence wins, as
 * for any singular field); varint and fixed-width fields are skipped.
 */
export function lengthDelimitedFields(message: Buffer): Map<number, Buffer> {
  const out = new Map<number, Buffer>();
  let pos = 0;
  const varint = (): number => {
    let value = 0;
    let shift = 0;
    for (;;) {
      if (pos >= message.length) throw new Error('truncated varint');
      const byte = message[pos++]!;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
      shift += 7;
    }
  };
  while (pos < message.length) {
    const tag = varint();
    const wireType = tag % 8;
    const number = Math.floor(tag / 8);
    if (wireType === 0) varint();
    else if (wireType === 1) pos += 8;
    else if (wireType === 5) pos += 4;
    else if (wireType === 2) {
      const length = varint();
      if (pos + length > message.length) throw new Error('truncated field');
      out.set(number, message.subarray(pos, pos + length));
      pos += length;
    } else throw new Error(`unsupported wire type ${wireType}`);
  }
  return out;
}

/** One length-delimited field, encoded; nothing when `bytes` is absent. */
export function encodeField(number: number, bytes: Buffer | undefined): Buffer {
  if (bytes === undefined) return Buffer.alloc(0);
  const head: number[] = [number * 8 + 2];
  for (let n = bytes.length; ; n = Math.floor(n / 128)) {
    if (n < 128) {
      head.push(n);
      break;
    }
    head.push((n % 128) | 0x80);
  }
  return Buffer.concat([Buffer.from(head), bytes]);
}
