/** workos_directory_group_mapping handler: members of a directory group get these roles (RoleMapping kind `directory`). */
import { directoryGroupMappingHandler } from '../../../providers/handlers/directory-group-mapping';
import { describeRoleMappingHandler } from './role-mapping';

describe('workos_directory_group_mapping handler', () => {
  describeRoleMappingHandler({
    handler: directoryGroupMappingHandler,
    kind: 'directory',
    label: 'directory group mappings',
    source: { directory_id: 'directory_01', group: 'Engineering' },
    wire: { sourceId: 'directory_01', group: 'Engineering', value: null },
  });
});
