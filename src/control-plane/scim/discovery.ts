/**
 * The discovery endpoints (RFC 7644 §4): what this service provider supports
 * (`/ServiceProviderConfig`), its resource types (`/ResourceTypes`) and their schemas
 * (`/Schemas`, attribute definitions per RFC 7643 §7). Other extension schemas (a custom
 * `urn:…:acme:2.0:User`) are accepted and stored, but not described here.
 */
import { URN } from './errors';

/** The most resources one list answer holds (`filter.maxResults`, and the default `count`). */
export const MAX_RESULTS = 100;

type AttributeType = 'string' | 'boolean' | 'complex' | 'reference';
interface AttributeOptions {
  multiValued?: boolean;
  required?: boolean;
  caseExact?: boolean;
  mutability?: 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
  returned?: 'always' | 'never' | 'default';
  uniqueness?: 'none' | 'server';
  subAttributes?: object[];
  referenceTypes?: string[];
}

function attribute(name: string, description: string, type: AttributeType = 'string', o: AttributeOptions = {}) {
  return {
    name,
    type,
    multiValued: o.multiValued ?? false,
    description,
    required: o.required ?? false,
    ...(type === 'string' || type === 'reference' ? { caseExact: o.caseExact ?? false } : {}),
    mutability: o.mutability ?? 'readWrite',
    returned: o.returned ?? 'default',
    uniqueness: o.uniqueness ?? 'none',
    ...(o.subAttributes ? { subAttributes: o.subAttributes } : {}),
    ...(o.referenceTypes ? { referenceTypes: o.referenceTypes } : {}),
  };
}

/** value/type/primary of emails and phone numbers. */
const typedValues = (what: string) => [attribute('value', what), attribute('type', `The kind of ${what}: work, home, other.`), attribute('primary', `Whether this is the primary ${what}.`, 'boolean')];

const ref = (description: string, type: string, o: AttributeOptions = {}) => [
  attribute('value', `The id of the ${description}.`, 'string', { caseExact: true, ...o }),
  attribute('$ref', `The URI of the ${description}.`, 'reference', { referenceTypes: [type], ...o }),
  attribute('display', `A name of the ${description}.`, 'string', o),
];

const SCHEMAS = [
  {
    id: URN.user,
    name: 'User',
    description: 'User Account',
    attributes: [
      attribute('userName', 'Unique identifier of the user in this directory.', 'string', { required: true, uniqueness: 'server' }),
      attribute('name', "The components of the user's name.", 'complex', {
        subAttributes: ['formatted', 'familyName', 'givenName', 'middleName'].map((n) => attribute(n, `The ${n} part of the name.`)),
      }),
      attribute('displayName', 'The name shown for the user.'),
      attribute('nickName', 'The casual name of the user.'),
      attribute('title', "The user's title; attribute mappings match it."),
      attribute('userType', 'The relationship to the organization; attribute mappings match it.'),
      attribute('preferredLanguage', "The user's preferred language."),
      attribute('locale', "The user's locale."),
      attribute('timezone', "The user's time zone."),
      attribute('active', 'Whether the user is active; an inactive user holds no organization role.', 'boolean'),
      attribute('password', 'Accepted and discarded.', 'string', { mutability: 'writeOnly', returned: 'never' }),
      attribute('emails', 'Email addresses; the primary (else the work, else the first) one provisions the user.', 'complex', { multiValued: true, subAttributes: typedValues('email address') }),
      attribute('phoneNumbers', 'Phone numbers.', 'complex', { multiValued: true, subAttributes: typedValues('phone number') }),
      attribute('groups', 'The groups the user belongs to (set through Groups).', 'complex', { multiValued: true, mutability: 'readOnly', subAttributes: ref('group', 'Group', { mutability: 'readOnly' }) }),
    ],
  },
  {
    id: URN.group,
    name: 'Group',
    description: 'Group',
    attributes: [
      attribute('displayName', 'The name of the group; directory group mappings match it (or the externalId).', 'string', { required: true }),
      attribute('members', 'The users of this directory in the group.', 'complex', {
        multiValued: true,
        subAttributes: [...ref('member', 'User', { mutability: 'immutable' }), attribute('type', 'The kind of member: User.', 'string', { mutability: 'immutable' })],
      }),
    ],
  },
  {
    id: URN.enterpriseUser,
    name: 'EnterpriseUser',
    description: 'Enterprise User',
    attributes: [
      ...['employeeNumber', 'costCenter', 'organization', 'division', 'department'].map((n) => attribute(n, `The user's ${n}; attribute mappings match it.`)),
      attribute('manager', "The user's manager.", 'complex', { subAttributes: ref('manager', 'User') }),
    ],
  },
];

const RESOURCE_TYPES = [
  { id: 'User', name: 'User', endpoint: '/Users', description: 'User Account', schema: URN.user, schemaExtensions: [{ schema: URN.enterpriseUser, required: false }] },
  { id: 'Group', name: 'Group', endpoint: '/Groups', description: 'Group', schema: URN.group },
];

export function serviceProviderConfig(base: string) {
  const unsupported = { supported: false };
  return {
    schemas: [URN.serviceProviderConfig],
    documentationUri: 'https://www.rfc-editor.org/rfc/rfc7644',
    patch: { supported: true },
    bulk: { ...unsupported, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_RESULTS },
    changePassword: unsupported,
    sort: unsupported,
    etag: unsupported,
    authenticationSchemes: [
      { type: 'oauthbearertoken', name: 'Bearer token', description: "The directory's bearer token (the dashboard shows it), as `Authorization: Bearer <token>`.", primary: true },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${base}/ServiceProviderConfig` },
  };
}

export function resourceTypes(base: string) {
  return RESOURCE_TYPES.map((t) => ({ schemas: [URN.resourceType], ...t, meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/${t.id}` } }));
}

export function schemas(base: string) {
  return SCHEMAS.map((s) => ({ schemas: [URN.schema], ...s, meta: { resourceType: 'Schema', location: `${base}/Schemas/${s.id}` } }));
}
