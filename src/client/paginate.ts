/**
 * Cursor pagination of WorkOS list endpoints: the page schema every paginated list shares and
 * `paginate`, which follows `list_metadata.after` page by page.
 */
import { z } from 'zod';
import { UnexpectedResponseError } from './errors';
import type { HttpTransport } from './http';

/** Page size of list calls (the API's maximum). */
export const PAGE_LIMIT = 100;

const listMetadata = z.object({ before: z.string().nullable(), after: z.string().nullable() });

/** `{object: 'list', data, list_metadata}`: one page of a paginated list. */
export const pageOf = <T extends z.ZodTypeAny>(item: T) => z.object({ object: z.literal('list'), data: z.array(item), list_metadata: listMetadata });

/** Every item of a paginated list, following `list_metadata.after` page by page. */
export async function* paginate<W>(
  http: HttpTransport,
  reqPath: string,
  schema: z.ZodType<{ data: W[]; list_metadata: { after: string | null } }>,
  query: Record<string, string | undefined> = {},
): AsyncIterable<W> {
  let after: string | undefined;
  const seen = new Set<string>();
  do {
    const page = await http.call('GET', reqPath, { query: { ...query, limit: PAGE_LIMIT, after }, schema });
    yield* page.data;
    after = page.list_metadata.after ?? undefined;
    if (after !== undefined) {
      if (seen.has(after)) {
        throw new UnexpectedResponseError({ status: 200, code: 'unexpected_response', message: `pagination cursor ${after} repeats`, method: 'GET', path: reqPath });
      }
      seen.add(after);
    }
  } while (after !== undefined);
}
