/** workos_directory_group_mapping: members of a directory group get these roles (RoleMapping kind `directory`). */
import { directoryGroupMappingSchema } from '../../src/schemas/directory-group-mapping';
import type { StateOf } from '../../src/schemas/builder';
import { checkDirectoryReference } from '../target-checks';
import { roleMappingHandler } from './role-mapping';

export type DirectoryGroupMappingState = StateOf<typeof directoryGroupMappingSchema>;

export const directoryGroupMappingHandler = roleMappingHandler<DirectoryGroupMappingState>({
  kind: 'directory',
  schema: directoryGroupMappingSchema,
  label: 'directory group mappings',
  toMapping: (s) => ({ sourceId: s.directory_id, group: s.group, value: null }),
  fromMapping: (m) => ({ directory_id: m.sourceId, group: m.group }),
  source: { attribute: 'directory_id', check: checkDirectoryReference },
});
