/**
 * Refresh from listings (README, "Requests per refresh"). Terraform refreshes every managed
 * object with its own ReadResource call; one GET each would make a refresh of 1,000 objects
 * cost 1,000 requests of the key's shared budget. Instead, reads of many objects of one kind
 * are served from one paginated listing of that kind (per organization, or per membership,
 * where the API scopes its lists), fetched once per provider process:
 *
 *  - the first read of a listing goes out as a single GET, so a stack with one object of a
 *    kind never pays for listing every object of that kind the target has;
 *  - from the second read on, the listing is fetched once (reads arriving meanwhile wait for
 *    it) and answers every read of that kind and scope;
 *  - an object the listing does not hold is asked for with a GET before it is reported gone,
 *    so a lagging or truncated listing never makes terraform plan a create;
 *  - any write of this process forgets every listing (`forget`), so no read after a write is
 *    served from a listing fetched before it;
 *  - a listing that fails (after the client's retries) is not asked for again in this
 *    process: its reads go out one GET each, as if there were no listing.
 *
 * Only refreshes use listings (`HandlerContext.listings` is set for ReadResource). Imports,
 * adoption, plan checks and the repeated reads after a recent write (providers/consistency.ts)
 * always ask the object itself.
 */
import { foundOrNull, type HandlerContext, type ListingReads, type ListingSpec } from './handler';

/** One listing in this process: what has arrived so far, and the reads waiting for more. */
interface Entry {
  reads: number;
  started: boolean;
  /** Every page has arrived. */
  done: boolean;
  /** The listing failed: reads of it go out one GET each. */
  failed: boolean;
  readonly byId: Map<string, unknown>;
  /** Reads of objects not arrived yet; told the object, or undefined once the listing ends without it. */
  readonly waiting: Map<string, Array<(found: unknown) => void>>;
}

/** What a refresh has read so far, for tests and debug logs. */
export interface ListingStats {
  /** Listings fetched. */
  listings: number;
  /** Reads answered from a listing. */
  served: number;
  /** Reads that went out as their own GET. */
  direct: number;
}

export class Listings implements ListingReads {
  private entries = new Map<string, Entry>();
  readonly stats: ListingStats = { listings: 0, served: 0, direct: 0 };

  /**
   * The object `id` of `spec`'s listing, or null when the target has no such object. `direct`
   * asks for that one object (null or a 404 from it means gone). A read is answered as soon as
   * the page holding its object arrives, so terraform's other work overlaps the later pages.
   */
  async find<T>(spec: ListingSpec<T>, id: string, direct: () => Promise<T | null>): Promise<T | null> {
    const entry = this.entry(spec.key);
    entry.reads++;
    if (entry.failed || (entry.reads === 1 && !spec.listFirst && !entry.started)) return this.direct(direct);
    if (!entry.started) void this.load(spec, entry);
    const found = entry.byId.has(id) ? entry.byId.get(id) : entry.done || entry.failed ? undefined : await this.arrival(entry, id);
    if (found === undefined) return this.direct(direct);
    this.stats.served++;
    return found as T;
  }

  /** This process is about to write (or has written) to the target: every listing is out of date. */
  forget(): void {
    this.entries = new Map();
  }

  private entry(key: string): Entry {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { reads: 0, started: false, done: false, failed: false, byId: new Map(), waiting: new Map() };
      this.entries.set(key, entry);
    }
    return entry;
  }

  private arrival(entry: Entry, id: string): Promise<unknown> {
    return new Promise((resolve) => {
      const list = entry.waiting.get(id) ?? [];
      list.push(resolve);
      entry.waiting.set(id, list);
    });
  }

  private async load<T>(spec: ListingSpec<T>, entry: Entry): Promise<void> {
    entry.started = true;
    this.stats.listings++;
    try {
      for await (const item of spec.list()) {
        const id = spec.idOf(item);
        entry.byId.set(id, item);
        for (const resolve of entry.waiting.get(id) ?? []) resolve(item);
        entry.waiting.delete(id);
      }
      entry.done = true;
    } catch {
      entry.failed = true; // its reads go out one by one, and report the failure themselves
    }
    for (const list of entry.waiting.values()) for (const resolve of list) resolve(undefined);
    entry.waiting.clear();
  }

  private direct<T>(call: () => Promise<T | null>): Promise<T | null> {
    this.stats.direct++;
    return foundOrNull(call);
  }
}

/**
 * A handler's read of one object: from `spec`'s listing during a refresh (`ctx.listings`), by
 * `direct` otherwise. Null when the object is gone.
 */
export function readListed<T>(ctx: HandlerContext, spec: ListingSpec<T>, id: string, direct: () => Promise<T | null>): Promise<T | null> {
  return ctx.listings ? ctx.listings.find(spec, id, direct) : foundOrNull(direct);
}
