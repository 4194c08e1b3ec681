/**
 * The subjects of the impact report and the access each holds, recorded while the impact
 * engine compares the two sides of a plan: the report shows only what changes (README,
 * "Reviewing a change: access impact"); guardrails also need what every subject holds after it.
 */
export type SubjectKind = 'directory_group' | 'sso_group' | 'attribute' | 'default_role' | 'membership' | 'resource_assignment';

export interface Subject {
  readonly kind: SubjectKind;
  /** Group name, attribute name. */
  readonly name?: string;
  /** Attribute value. */
  readonly value?: string;
  /** The member (email where known). */
  readonly user?: string;
  /** "workspace Platform". */
  readonly resource?: string;
  /** For a resource reached through a parent: the assignment's resource it flows down from. */
  readonly inherited_from?: string;
}

export interface AccessChange {
  readonly organization: string | null;
  readonly subject: Subject;
  readonly roles: { readonly before: string[]; readonly after: string[] };
  readonly permissions: { readonly gained: string[]; readonly lost: string[] };
}

/** One subject's access on one side: its roles and the permissions they grant. */
export interface SubjectAccess {
  /** null: the environment (organizations without their own policy). */
  readonly organization: string | null;
  readonly subject: Subject;
  readonly roles: readonly string[];
  readonly permissions: readonly string[];
}

/** Every subject the topology names, with what it holds (subjects holding nothing left out). */
export interface AccessState {
  readonly subjects: readonly SubjectAccess[];
}

interface Side {
  readonly roles: string[];
  readonly permissions: string[];
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));
const minus = (a: readonly string[], b: readonly string[]) => a.filter((x) => !b.includes(x)).sort();

/** Collects, per subject, the change (when there is one) and the access after the plan. */
export class AccessRecorder {
  readonly changes: AccessChange[] = [];
  private readonly held: SubjectAccess[] = [];

  /** One subject's access before and after. */
  record(organization: string | null, subject: Subject, before: Side, after: Side): void {
    this.holds(organization, subject, after);
    if (sameSet(before.roles, after.roles) && sameSet(before.permissions, after.permissions)) return;
    this.changes.push({
      organization,
      subject,
      roles: { before: before.roles, after: after.roles },
      permissions: { gained: minus(after.permissions, before.permissions), lost: minus(before.permissions, after.permissions) },
    });
  }

  /** Access after the plan of a subject whose change the report does not show. */
  holds(organization: string | null, subject: Subject, after: Side): void {
    if (after.roles.length > 0 || after.permissions.length > 0) this.held.push({ organization, subject, roles: after.roles, permissions: [...after.permissions].sort() });
  }

  get after(): AccessState {
    return { subjects: this.held };
  }
}
