/**
 * Serialising writes that touch shared server-side state. Terraform applies up to 10 resources
 * in parallel inside one provider process; the roles of one organization share a single
 * priority list (creating, deleting or reordering a role rewrites it), so concurrent writes to
 * them could interleave. Handlers run such writes through `roleWrites.run(key, …)`.
 */

/** An async mutex per key: tasks with the same key run one at a time, in call order; other keys are not held up. */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let done!: () => void;
    const current = new Promise<void>((resolve) => (done = resolve));
    const tail = previous.then(() => current);
    this.tails.set(key, tail);
    try {
      await previous;
      return await task();
    } finally {
      done();
      // Forget the key once nobody queued behind this task.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Keys with a running or queued task (for tests). */
  get busyKeys(): string[] {
    return [...this.tails.keys()];
  }
}

/** Lock key of the environment's roles and role policy. */
export const ENVIRONMENT_ROLES_KEY = 'environment';

/** Lock key for writes to the roles or role policy of an organization (null: the environment). */
export const roleScopeKey = (organizationId: string | null): string => organizationId ?? ENVIRONMENT_ROLES_KEY;

/** One per provider process: shared by workos_role, workos_organization_role and workos_role_policy. */
export const roleWrites = new KeyedMutex();
