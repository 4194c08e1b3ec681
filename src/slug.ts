/**
 * Slug rules from WorkOS (docs/semantics.md): permission slugs allow lowercase letters,
 * digits and `- . : _ *`; role slugs allow lowercase letters, digits, `-` and `_`; both at
 * most 48 characters. Organization role slugs must start with `org-`.
 */
import { z } from 'zod';

/**
 * `.` and `..` are dot-segments: every URL parser on the way (a WHATWG URL parser, a proxy, the
 * server) removes them, percent-encoded (`%2e%2e`) or not, so an identifier with that value would
 * address another object (`/organizations/../roles/x` is `/roles/x`). No identifier may be one.
 */
export function isDotSegment(value: string): boolean {
  return value === '.' || value === '..';
}

const DOT_SEGMENT_MESSAGE = 'must not be "." or ".." (in a URL path it would address another object)';

export const SLUG_MAX = 48;
export const NAME_MAX = 48;
export const DESCRIPTION_MAX = 150;

export const permissionSlug = z
  .string()
  .min(1, 'must not be empty')
  .max(SLUG_MAX, `must be at most ${SLUG_MAX} characters`)
  .regex(/^[a-z0-9\-.:_*]+$/, 'must contain only lowercase letters, digits and the delimiters - . : _ * (e.g. "users:view")')
  .refine((v) => !isDotSegment(v), DOT_SEGMENT_MESSAGE);

export const roleSlug = z
  .string()
  .min(1, 'must not be empty')
  .max(SLUG_MAX, `must be at most ${SLUG_MAX} characters`)
  .regex(/^[a-z0-9\-_]+$/, 'must contain only lowercase letters, digits, "-" and "_" (e.g. "billing-admin")');

export const organizationRoleSlug = roleSlug.regex(/^org-/, 'must start with "org-" (organization roles are namespaced)');

export const displayName = z.string().min(1, 'must not be empty').max(NAME_MAX, `must be at most ${NAME_MAX} characters`);
export const description = z.string().max(DESCRIPTION_MAX, `must be at most ${DESCRIPTION_MAX} characters`);

/** Resource type slugs follow the role slug rules (lowercase letters, digits, `-`, `_`). */
export const resourceTypeSlug = roleSlug;
/** External ids of resources: unique per organization and type, at most 128 ASCII characters. */
export const externalId = z
  .string()
  .min(1, 'must not be empty')
  .max(128, 'must be at most 128 characters')
  .regex(/^[\x21-\x7e]+$/, 'must contain only printable ASCII characters without spaces')
  .refine((v) => !isDotSegment(v), DOT_SEGMENT_MESSAGE);

/**
 * Ids WorkOS assigns (`org_…`, `user_…`, `om_…`, `resource_…`): each travels as one URL path
 * segment, so it may not contain `/` or be a dot-segment.
 */
export const objectId = z
  .string()
  .min(1, 'must not be empty')
  .refine((v) => !v.includes('/'), 'must not contain "/" (an id is one URL path segment, e.g. "org_01H…")')
  .refine((v) => !isDotSegment(v), DOT_SEGMENT_MESSAGE);
export const roleMode = z.enum(['exclusive', 'additive']);

/** The directory types that push over SCIM (WorkOS's names): the ones a directory can be created with. */
export const SCIM_DIRECTORY_TYPES = [
  'generic scim v2.0',
  'okta scim v2.0',
  'azure scim v2.0',
  'onelogin scim v2.0',
  'jump cloud scim v2.0',
  'pingfederate scim v2.0',
  'cyberark scim v2.0',
  'sailpoint scim v2.0',
  'rippling scim v2.0',
] as const;
export const DEFAULT_DIRECTORY_TYPE = 'generic scim v2.0' satisfies (typeof SCIM_DIRECTORY_TYPES)[number];
export const directoryType = z.enum(SCIM_DIRECTORY_TYPES);
export const directoryName = z.string().min(1, 'must not be empty').max(256, 'must be at most 256 characters');
