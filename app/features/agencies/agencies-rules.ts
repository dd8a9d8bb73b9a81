/**
 * The agency tree: which parents an agency may take. Pure, on plain rows.
 */
export interface AgencyNode {
  id: number;
  parent_id: number | null;
}

export type ParentProblem = "self" | "cycle";

/**
 * Why `parentId` cannot be the parent of `agencyId` (null when it can).
 * A new agency (`agencyId` null) cannot form a cycle. Walking up from the
 * proposed parent, meeting the agency itself means the agency would become
 * its own ancestor. A loop already in the data stops the walk instead of
 * hanging it.
 */
export function parentProblem(agencyId: number | null, parentId: number | null, nodes: readonly AgencyNode[]): ParentProblem | null {
  if (parentId === null || agencyId === null) return null;
  if (parentId === agencyId) return "self";
  const parentOf = new Map(nodes.map((n) => [n.id, n.parent_id]));
  const seen = new Set<number>();
  let cursor: number | null | undefined = parentId;
  while (cursor !== null && cursor !== undefined && !seen.has(cursor)) {
    if (cursor === agencyId) return "cycle";
    seen.add(cursor);
    cursor = parentOf.get(cursor);
  }
  return null;
}

/** Every agency below `agencyId` (children, their children …), not the agency itself. */
export function descendantIds(agencyId: number, nodes: readonly AgencyNode[]): Set<number> {
  const children = new Map<number, number[]>();
  for (const n of nodes) {
    if (n.parent_id === null) continue;
    const list = children.get(n.parent_id) ?? [];
    list.push(n.id);
    children.set(n.parent_id, list);
  }
  const found = new Set<number>();
  const stack = [...(children.get(agencyId) ?? [])];
  while (stack.length) {
    const id = stack.pop()!;
    if (found.has(id) || id === agencyId) continue;
    found.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return found;
}

/** The agencies that may be offered as a parent: not itself, not below it. */
export function eligibleParents<T extends AgencyNode>(agencyId: number | null, nodes: readonly T[]): T[] {
  if (agencyId === null) return [...nodes];
  const below = descendantIds(agencyId, nodes);
  return nodes.filter((n) => n.id !== agencyId && !below.has(n.id));
}
