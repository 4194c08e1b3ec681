/**
 * SCIM's message URNs, content type and error answers (RFC 7644 §3.1, §3.12, §8.1). A route throws
 * `ScimError`; the server (index.ts) writes every error on a SCIM path in this shape.
 */
import { HttpError } from '../http';

export const URN = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  enterpriseUser: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  listResponse: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
  patchOp: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
  error: 'urn:ietf:params:scim:api:messages:2.0:Error',
  serviceProviderConfig: 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig',
  resourceType: 'urn:ietf:params:scim:schemas:core:2.0:ResourceType',
  schema: 'urn:ietf:params:scim:schemas:core:2.0:Schema',
} as const;

/** RFC 7644 §8.1. */
export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';

/** RFC 7644 §3.12, table 9 (the ones this service provider gives). */
export type ScimType = 'invalidFilter' | 'invalidSyntax' | 'invalidPath' | 'noTarget' | 'invalidValue' | 'mutability' | 'uniqueness' | 'tooMany';

export class ScimError extends HttpError {
  constructor(
    status: number,
    readonly scimType: ScimType | undefined,
    detail: string,
  ) {
    super(status, scimType ?? 'scim_error', detail);
  }
}

export const invalidValue = (detail: string) => new ScimError(400, 'invalidValue', detail);
export const invalidSyntax = (detail: string) => new ScimError(400, 'invalidSyntax', detail);
export const invalidFilter = (detail: string) => new ScimError(400, 'invalidFilter', detail);
export const invalidPath = (detail: string) => new ScimError(400, 'invalidPath', detail);
export const noTarget = (detail: string) => new ScimError(400, 'noTarget', detail);
export const mutability = (detail: string) => new ScimError(400, 'mutability', detail);
export const scimNotFound = (detail: string) => new ScimError(404, undefined, detail);

/**
 * The error body (RFC 7644 §3.12): `status` is a string; `scimType` only on 400 and 409. Any
 * other HttpError raised on a SCIM path (no route, a body that is not JSON) is written the same
 * way, a 400 as `invalidSyntax`.
 */
export function scimErrorBody(err: HttpError) {
  const scimType = err instanceof ScimError ? err.scimType : err.status === 400 ? 'invalidSyntax' : undefined;
  return { schemas: [URN.error], status: String(err.status), ...(scimType ? { scimType } : {}), detail: err.message };
}
