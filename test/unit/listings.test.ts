/**
 * Refresh from listings (providers/listings.ts; README, "Requests per refresh"): the first read
 * of a kind is one GET, later reads share one listing, a miss is confirmed by a GET, a failed
 * listing falls back to GETs, and a write forgets every listing.
 */
import { NotFoundError } from '../../src/client/errors';
import type { ListingSpec } from '../../providers/handler';
import { Listings, readListed } from '../../providers/listings';

interface Item {
  readonly id: string;
  readonly v: number;
}

/** A listing served in pages of `pageSize` from `items`, counting pages; `gate` holds each page until released. */
function fakeListing(items: () => readonly Item[], opts: { pageSize?: number; fail?: boolean; listFirst?: boolean; gated?: boolean } = {}) {
  const calls = { pages: 0, gets: 0, listings: 0 };
  const gates: Array<() => void> = [];
  const release = () => gates.splice(0).forEach((open) => open());
  const spec: ListingSpec<Item> = {
    key: 'items',
    listFirst: opts.listFirst,
    idOf: (i) => i.id,
    async *list() {
      calls.listings++;
      const all = [...items()]; // the target's objects when the listing starts
      const size = opts.pageSize ?? 2;
      for (let at = 0; at < all.length; at += size) {
        if (opts.gated) await new Promise<void>((open) => gates.push(open));
        calls.pages++;
        if (opts.fail) throw new Error('503 after retries');
        yield* all.slice(at, at + size);
      }
    },
  };
  const get = (id: string) => async (): Promise<Item> => {
    calls.gets++;
    const found = items().find((i) => i.id === id);
    if (!found) throw new NotFoundError({ status: 404, code: 'entity_not_found', message: `${id} not found`, method: 'GET', path: `/items/${id}` });
    return found;
  };
  return { spec, get, calls, release };
}

const items = (n: number): Item[] => Array.from({ length: n }, (_, i) => ({ id: `i${i}`, v: i }));

describe('Listings', () => {
  test('GIVEN one object of a kind WHEN it is read THEN one GET and no listing', async () => {
    const t = fakeListing(() => items(50));
    const listings = new Listings();
    expect(await listings.find(t.spec, 'i7', t.get('i7'))).toEqual({ id: 'i7', v: 7 });
    expect(t.calls).toEqual({ pages: 0, gets: 1, listings: 0 });
  });

  test('GIVEN 10 objects read at once WHEN refreshed THEN one GET and one listing of its pages answer all of them', async () => {
    const all = items(10);
    const t = fakeListing(() => all, { pageSize: 4 });
    const listings = new Listings();
    const read = await Promise.all(all.map((i) => listings.find(t.spec, i.id, t.get(i.id))));
    expect(read).toEqual(all);
    expect(t.calls).toEqual({ pages: 3, gets: 1, listings: 1 });
    expect(listings.stats).toEqual({ listings: 1, served: 9, direct: 1 });
  });

  test('GIVEN a listing in progress WHEN the page holding an object arrives THEN its read is answered before the last page', async () => {
    const t = fakeListing(() => items(6), { pageSize: 2, gated: true });
    const listings = new Listings();
    await listings.find(t.spec, 'i0', t.get('i0')); // the first read: a GET
    let answered = false;
    const second = listings.find(t.spec, 'i1', t.get('i1')).then((v) => ((answered = true), v));
    for (let i = 0; i < 5 && !answered; i++) {
      t.release();
      await new Promise((r) => setImmediate(r));
    }
    expect(answered).toBe(true);
    expect(t.calls.pages).toBe(1); // pages 2 and 3 are still held
    expect(await second).toEqual({ id: 'i1', v: 1 });
  });

  test('GIVEN an object missing from the listing WHEN read THEN a GET confirms it: created since is found, gone is null', async () => {
    const all = items(4);
    const t = fakeListing(() => all);
    const listings = new Listings();
    await listings.find(t.spec, 'i0', t.get('i0'));
    await listings.find(t.spec, 'i1', t.get('i1')); // fetches the listing
    all.push({ id: 'late', v: 99 }); // created after the listing was fetched
    expect(await listings.find(t.spec, 'late', t.get('late'))).toEqual({ id: 'late', v: 99 });
    expect(await listings.find(t.spec, 'gone', t.get('gone'))).toBeNull();
    expect(t.calls).toEqual({ pages: 2, gets: 3, listings: 1 });
  });

  test('GIVEN the listing fails after retries WHEN objects are read THEN each is read with its own GET and the listing is not asked again', async () => {
    const t = fakeListing(() => items(6), { fail: true });
    const listings = new Listings();
    const read = await Promise.all(['i0', 'i1', 'i2', 'i3'].map((id) => listings.find(t.spec, id, t.get(id))));
    expect(read.map((i) => i?.id)).toEqual(['i0', 'i1', 'i2', 'i3']);
    expect(await listings.find(t.spec, 'i4', t.get('i4'))).toEqual({ id: 'i4', v: 4 });
    expect(t.calls).toEqual({ pages: 1, gets: 5, listings: 1 });
  });

  test('GIVEN a listing was fetched WHEN this process writes (forget) THEN the next reads start again from a GET and a new listing', async () => {
    const all = items(4);
    const t = fakeListing(() => all);
    const listings = new Listings();
    await listings.find(t.spec, 'i0', t.get('i0'));
    expect(await listings.find(t.spec, 'i1', t.get('i1'))).toEqual({ id: 'i1', v: 1 });
    listings.forget();
    all[1] = { id: 'i1', v: 100 }; // written by this process
    expect(await listings.find(t.spec, 'i1', t.get('i1'))).toEqual({ id: 'i1', v: 100 });
    expect(await listings.find(t.spec, 'i2', t.get('i2'))).toEqual({ id: 'i2', v: 2 });
    expect(t.calls.listings).toBe(2);
  });

  test('GIVEN a kind only readable through its listing (listFirst) WHEN its first object is read THEN the listing serves it, with no GET', async () => {
    const t = fakeListing(() => items(3), { listFirst: true });
    const listings = new Listings();
    expect(await listings.find(t.spec, 'i2', t.get('i2'))).toEqual({ id: 'i2', v: 2 });
    expect(t.calls).toEqual({ pages: 2, gets: 0, listings: 1 });
  });

  test('GIVEN no listings in the context (apply, import) WHEN readListed THEN the object is asked for directly; a 404 is null', async () => {
    const t = fakeListing(() => items(3));
    const ctx = { client: {}, capabilities: {}, log: console, diagnostics: [] } as never;
    expect(await readListed(ctx, t.spec, 'i1', t.get('i1'))).toEqual({ id: 'i1', v: 1 });
    expect(await readListed(ctx, t.spec, 'nope', t.get('nope'))).toBeNull();
    expect(t.calls).toEqual({ pages: 0, gets: 2, listings: 0 });
  });
});
