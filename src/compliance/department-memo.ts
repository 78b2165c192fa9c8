/**
 * Figures computed from one department's data, each kept with the key it was computed under: the
 * department's compliance revision (ComplianceRevision, read before the data) and every other input
 * of the figures (the day, the profile as read, options). A value comes back only for the very same
 * key, so a change to the department's files, proofs or links (a new revision), or to any other
 * input, is never answered from memory. One entry per department; beyond `capacity` departments
 * the least recently used one is dropped.
 *
 * Values are frozen, deeply, when stored: every caller shares them, so none may change one.
 */
export class DepartmentMemo<V extends object> {
  private readonly entries = new Map<string, { key: string; value: V }>();

  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer (got ${capacity})`);
  }

  get size(): number {
    return this.entries.size;
  }

  get(departmentId: string, key: string): V | undefined {
    const entry = this.entries.get(departmentId);
    if (!entry || entry.key !== key) return undefined;
    this.entries.delete(departmentId);
    this.entries.set(departmentId, entry);
    return entry.value;
  }

  set(departmentId: string, key: string, value: V): V {
    deepFreeze(value);
    this.entries.delete(departmentId);
    this.entries.set(departmentId, { key, value });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }

  /**
   * The values of the departments in `keys` (department id to key): those kept under the same key
   * from memory, the others from one call of `compute` with their ids, kept as they come back.
   */
  async resolve(keys: ReadonlyMap<string, string>, compute: (missing: string[]) => Promise<ReadonlyMap<string, V>>): Promise<Map<string, V>> {
    const values = new Map<string, V>();
    const missing: string[] = [];
    for (const [departmentId, key] of keys) {
      const kept = this.get(departmentId, key);
      if (kept) values.set(departmentId, kept);
      else missing.push(departmentId);
    }
    if (missing.length === 0) return values;
    for (const [departmentId, value] of await compute(missing)) values.set(departmentId, this.set(departmentId, keys.get(departmentId) as string, value));
    return values;
  }
}

function deepFreeze(value: object): void {
  if (Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) if (child !== null && typeof child === 'object') deepFreeze(child as object);
}
