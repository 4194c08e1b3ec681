import { attr, type ResourceSchema } from './builder';
import { DEFAULT_DIRECTORY_TYPE, directoryName, directoryType, objectId } from '../slug';

export const directorySchema = {
  typeName: 'workos_directory',
  constructName: 'Directory',
  description:
    "A SCIM directory of one organization: the identity provider (Okta, Entra ID, …) pushes the organization's users and groups to its `scim_endpoint` with its `bearer_token`, and directory group mappings give their members roles. Creating and renaming directories is dashboard-only in WorkOS; its API can read and delete them. Import by id (`directory_…`).",
  version: 0,
  attributes: {
    id: attr.string({ mode: 'computed', useStateForUnknown: true, description: 'WorkOS identifier of the directory (`directory_…`).' }),
    organization_id: attr.string({ mode: 'required', requiresReplace: true, check: objectId, description: 'Organization whose users and groups the directory receives.' }),
    name: attr.string({ mode: 'required', check: directoryName, description: 'Name shown in the dashboard, at most 256 characters.' }),
    type: attr.string({
      mode: 'optional_computed',
      requiresReplace: true,
      default: DEFAULT_DIRECTORY_TYPE,
      check: directoryType,
      description: 'The identity provider, as WorkOS names its SCIM directory types (`okta scim v2.0`, `azure scim v2.0`, …).',
      defaultDoc: `"${DEFAULT_DIRECTORY_TYPE}"`,
    }),
    scim_endpoint: attr.string({
      mode: 'computed',
      useStateForUnknown: true,
      description: "The SCIM 2.0 base URL the identity provider pushes to: the provider's base URL and the directory's SCIM path.",
    }),
    bearer_token: attr.string({
      mode: 'computed',
      useStateForUnknown: true,
      sensitive: true,
      description:
        'The token the identity provider authenticates its SCIM requests with. Kept in state (sensitive): read it with `terraform output -raw` from a sensitive output.',
    }),
  },
} as const satisfies ResourceSchema;
