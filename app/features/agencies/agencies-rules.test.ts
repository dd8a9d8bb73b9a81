import { describe, expect, it } from "vitest";
import { descendantIds, eligibleParents, parentProblem, type AgencyNode } from "./agencies-rules";

// VP (1) ─┬─ TTPV (2) ── TO (4)
//         └─ BP (3)
// SO (5) standalone
const tree: AgencyNode[] = [
  { id: 1, parent_id: null },
  { id: 2, parent_id: 1 },
  { id: 3, parent_id: 1 },
  { id: 4, parent_id: 2 },
  { id: 5, parent_id: null },
];

describe("parentProblem", () => {
  it.each([
    ["no parent", 2, null, null],
    ["a new agency under anyone", null, 4, null],
    ["a sibling's subtree", 3, 4, null],
    ["an unrelated agency", 1, 5, null],
    ["moving a leaf up", 4, 1, null],
    ["itself", 2, 2, "self"],
    ["its child", 1, 2, "cycle"],
    ["its grandchild", 1, 4, "cycle"],
    ["its own child's child, from the middle", 2, 4, "cycle"],
  ] as const)("%s", (_name, agency, parent, expected) => {
    expect(parentProblem(agency, parent, tree)).toBe(expected);
  });

  it("stops on a loop already in the data instead of hanging", () => {
    const looped: AgencyNode[] = [
      { id: 1, parent_id: 2 },
      { id: 2, parent_id: 1 },
      { id: 3, parent_id: null },
    ];
    expect(parentProblem(3, 1, looped)).toBeNull();
    expect(parentProblem(1, 2, looped)).toBe("cycle");
  });

  it("treats an unknown parent as no cycle (existence is checked elsewhere)", () => {
    expect(parentProblem(1, 99, tree)).toBeNull();
  });
});

describe("descendantIds and eligibleParents", () => {
  it("finds children and grandchildren, not the agency or its siblings", () => {
    expect([...descendantIds(1, tree)].sort()).toEqual([2, 3, 4]);
    expect([...descendantIds(2, tree)]).toEqual([4]);
    expect(descendantIds(5, tree).size).toBe(0);
  });

  it("offers every agency for a new one, and neither itself nor its subtree for an existing one", () => {
    expect(eligibleParents(null, tree).map((n) => n.id)).toEqual([1, 2, 3, 4, 5]);
    expect(eligibleParents(2, tree).map((n) => n.id)).toEqual([1, 3, 5]);
    expect(eligibleParents(1, tree).map((n) => n.id)).toEqual([5]);
  });
});
