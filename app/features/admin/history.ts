/** What changed between the before and after of an audit event (pure, for display). */
const IGNORED = new Set(["updated_at", "created_at", "id"]);

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export function changedFields(before: Record<string, unknown> | null, after: Record<string, unknown> | null): FieldChange[] {
  if (!before || !after) return [];
  const fields = new Set([...Object.keys(before), ...Object.keys(after)]);
  const changes: FieldChange[] = [];
  for (const field of fields) {
    if (IGNORED.has(field)) continue;
    if (JSON.stringify(before[field]) !== JSON.stringify(after[field])) {
      changes.push({ field, before: before[field], after: after[field] });
    }
  }
  return changes;
}
