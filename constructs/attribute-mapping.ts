import type { Construct } from 'constructs';
import { attributeMappingSchema } from '../src/schemas';
import { AttributeMappingAttributes, type AttributeMappingConfig } from './generated/attribute-mapping';
import type { RoleMappingTarget } from './role-mapping';

/** Props of an `AttributeMapping` (`workos_attribute_mapping`). */
export interface AttributeMappingProps extends Omit<AttributeMappingConfig, 'organizationId' | 'roles'>, RoleMappingTarget {}

/** Users whose attribute has a value (e.g. `myRole = "admin"`) get these roles when no group mapping matches (`workos_attribute_mapping`). */
export class AttributeMapping extends AttributeMappingAttributes {
  static readonly tfResourceType = attributeMappingSchema.typeName;

  private readonly props: AttributeMappingProps;

  constructor(scope: Construct, id: string, props: AttributeMappingProps) {
    super(scope, id, attributeMappingSchema, props);
    this.props = props;
  }

  /** The attribute name, as given (`attribute` is the reference). */
  get attributeInput(): string {
    return this.props.attribute;
  }

  /** The attribute value, as given (`value` is the reference). */
  get valueInput(): string {
    return this.props.value;
  }
}
