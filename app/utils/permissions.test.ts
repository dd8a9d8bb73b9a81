import { describe, expect, it } from "vitest";
import { ACTIONS, can, type Action, type Actor, type Resource } from "./permissions";

const S1 = 1;
const S2 = 2;
const A = 10;
const B = 20;

const actor = (partial: Partial<Actor>): Actor => ({ id: 1, role: "observer", agencyId: null, active: true, seriesRoles: [], ...partial });

const people = {
  admin: actor({ role: "admin" }),
  chair: actor({ role: "chair", seriesRoles: [{ seriesId: S1, role: "chair" }] }),
  secretary: actor({ role: "secretary", agencyId: 99, seriesRoles: [{ seriesId: S1, role: "secretary" }] }),
  headA: actor({ role: "agency_head", agencyId: A }),
  staffA: actor({ role: "agency_staff", agencyId: A }),
  headB: actor({ role: "agency_head", agencyId: B }),
  observer: actor({ role: "observer" }),
  inactiveHeadA: actor({ role: "agency_head", agencyId: A, active: false }),
};
type Who = keyof typeof people;

const ownA: Resource = { seriesId: S1, agencyId: A };
const ownAPublished: Resource = { ...ownA, published: true };
const coordB: Resource = { seriesId: S1, agencyId: A, coordinatingAgencyIds: [B] };
const otherSeries: Resource = { seriesId: S2, agencyId: A };

/** [action, resource, who may] — everyone else may not. */
const table: Array<[Action, Resource, Who[]]> = [
  ["admin:manage", {}, ["admin"]],
  ["meeting:schedule", { seriesId: S1 }, ["chair", "secretary"]],
  ["meeting:schedule", { seriesId: S2 }, []],
  ["blocker:draft", ownA, ["headA", "staffA"]],
  ["blocker:submit", ownA, ["headA"]],
  ["blocker:read", ownA, ["headA", "staffA", "chair", "secretary"]],
  ["blocker:read", ownAPublished, ["admin", "chair", "secretary", "headA", "staffA", "headB", "observer"]],
  ["blocker:read", otherSeries, ["headA", "staffA"]],
  ["blocker:triage", ownA, ["chair", "secretary"]],
  ["triage:approve", ownA, ["chair"]],
  ["agenda:edit", { seriesId: S1 }, ["chair", "secretary"]],
  ["agenda:publish", { seriesId: S1 }, ["chair"]],
  ["agenda:publish", { seriesId: S2 }, []],
  ["conclusion:record", { seriesId: S1 }, ["chair", "secretary"]],
  ["notice:draft", { seriesId: S1 }, ["chair", "secretary"]],
  ["notice:approve", { seriesId: S1 }, ["chair"]],
  ["task:read", coordB, ["chair", "secretary"]],
  ["task:read", { ...coordB, published: true }, ["admin", "chair", "secretary", "headA", "staffA", "headB", "observer"]],
  ["task:cancel", coordB, ["chair"]],
  ["task:report-progress", coordB, ["headA", "staffA"]],
  ["task:contribute", coordB, ["headA", "staffA", "headB"]],
  ["task:request-extension", coordB, ["headA"]],
  ["task:report-completion", coordB, ["headA"]],
  ["extension:decide", { seriesId: S1 }, ["chair"]],
  ["completion:decide", { seriesId: S1 }, ["chair"]],
  ["completion:decide", { seriesId: S2 }, []],
];

describe("can(user, action, resource)", () => {
  for (const [action, resource, allowed] of table) {
    for (const who of Object.keys(people) as Who[]) {
      const expected = allowed.includes(who);
      it(`${who} ${expected ? "may" : "may not"} ${action} on ${JSON.stringify(resource)}`, () => {
        expect(can(people[who], action, resource)).toBe(expected);
      });
    }
  }

  it("nobody signed out, and no deactivated user, may do anything", () => {
    for (const action of ACTIONS) {
      expect(can(null, action, ownAPublished)).toBe(false);
      expect(can(people.inactiveHeadA, action, ownAPublished)).toBe(false);
    }
  });

  it("every action appears in the table at least once", () => {
    const covered = new Set(table.map(([a]) => a));
    const untested = ACTIONS.filter((a) => !covered.has(a) && a !== "series:read" && a !== "audit:read" && a !== "meeting:transition");
    expect(untested).toEqual([]);
  });
});
