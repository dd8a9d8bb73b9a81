import { describe, expect, it } from "vitest";
import { buildAgenda, taskReasons, type AgendaInput, type ExistingItem, type PlannedItem, type SeriesTask } from "./agenda-rules";

const MEETING = { day: "2023-05-09", previousMeetingId: 4 };

const task = (id: number, over: Partial<SeriesTask> = {}): SeriesTask => ({
  id,
  title: `Nhiệm vụ ${id}`,
  status: "in_progress",
  leadAgencyId: 100 + id,
  deadline: "2023-06-30",
  reportNextMeeting: false,
  originMeetingId: 4,
  timesOnAgenda: 0,
  ...over,
});

const input = (over: Partial<AgendaInput> = {}): AgendaInput => ({
  meeting: MEETING,
  acceptedBlockers: [],
  tasks: [],
  previousItems: [],
  existing: [],
  ...over,
});

/** What a plan adds, reduced to what it is about. */
const about = (items: PlannedItem[]) =>
  items.map((i) => (i.taskId ? `task:${i.taskId}` : i.blockerId ? `blocker:${i.blockerId}` : `item:${i.carriedFromItemId}`));

/** Turns a plan's additions into existing rows, as the server would store them. */
const asExisting = (items: PlannedItem[], firstId = 1000): ExistingItem[] =>
  items.map((i, n) => ({
    id: firstId + n,
    position: i.position,
    source: "rule",
    blockerId: i.blockerId,
    taskId: i.taskId,
    carriedFromItemId: i.carriedFromItemId,
    removed: false,
    outcome: "pending",
  }));

describe("which tasks come back to the meeting", () => {
  const cases: Array<[string, SeriesTask, string[]]> = [
    ["overdue", task(1, { deadline: "2023-04-30" }), ["overdue"]],
    ["due on the meeting day", task(1, { deadline: "2023-05-09" }), ["due"]],
    ["due the day after the meeting", task(1, { deadline: "2023-05-10" }), []],
    ["no deadline", task(1, { deadline: null }), []],
    ["flagged to report at the next meeting", task(1, { reportNextMeeting: true }), ["flagged"]],
    ["flagged at an older meeting (already reported)", task(1, { reportNextMeeting: true, originMeetingId: 3 }), []],
    ["both overdue and flagged", task(1, { deadline: "2023-05-01", reportNextMeeting: true }), ["overdue", "flagged"]],
    ["extension moved the deadline past the meeting", task(1, { deadline: "2023-05-31" }), []],
    ["completed", task(1, { deadline: "2023-04-30", status: "completed" }), []],
    ["awaiting acceptance", task(1, { deadline: "2023-04-30", status: "awaiting_acceptance" }), []],
    ["cancelled", task(1, { deadline: "2023-04-30", status: "cancelled" }), []],
    ["not yet issued", task(1, { deadline: "2023-04-30", status: "draft" }), []],
  ];
  for (const [name, t, reasons] of cases) {
    it(name, () => {
      expect(taskReasons(t, MEETING)).toEqual(reasons);
      const plan = buildAgenda(input({ tasks: [t] }));
      expect(about(plan.add)).toEqual(reasons.length ? ["task:1"] : []);
    });
  }

  it("a task both overdue and flagged is on the agenda once, with both reasons", () => {
    const plan = buildAgenda(input({ tasks: [task(7, { deadline: "2023-05-01", reportNextMeeting: true })] }));
    expect(plan.add).toHaveLength(1);
    expect(plan.add[0]).toMatchObject({ kind: "follow_up_task", taskId: 7, reasons: ["overdue", "flagged"], presenterAgencyId: 107 });
  });

  it("counts how many meetings a task has already been on", () => {
    const plan = buildAgenda(input({ tasks: [task(7, { deadline: "2023-04-01", timesOnAgenda: 2 })] }));
    expect(plan.add[0].carryCount).toBe(2);
  });
});

describe("the order and content of a first build", () => {
  it("carried-over items first, then due tasks by deadline, then new blockers by severity", () => {
    const plan = buildAgenda(
      input({
        previousItems: [
          {
            id: 40,
            kind: "other",
            title: "Báo cáo chỉ số DTI",
            blockerId: null,
            taskId: null,
            presenterAgencyId: 3,
            minutes: 15,
            carryCount: 1,
            outcome: "not_reached",
            removed: false,
          },
          {
            id: 41,
            kind: "new_blocker",
            title: "Đã kết luận",
            blockerId: 9,
            taskId: null,
            presenterAgencyId: 3,
            minutes: 10,
            carryCount: 0,
            outcome: "concluded",
            removed: false,
          },
        ],
        tasks: [task(2, { deadline: "2023-05-09" }), task(1, { deadline: "2023-04-15" })],
        acceptedBlockers: [
          { id: 11, title: "Thiếu kinh phí", agencyId: 5, severity: "medium", submittedAt: "2023-05-01T00:00:00Z" },
          { id: 12, title: "Liên thông dữ liệu đất đai", agencyId: 6, severity: "critical", submittedAt: "2023-05-02T00:00:00Z" },
        ],
      }),
    );
    expect(about(plan.add)).toEqual(["item:40", "task:1", "task:2", "blocker:12", "blocker:11"]);
    expect(plan.add.map((i) => i.position)).toEqual([1, 2, 3, 4, 5]);
    expect(plan.add[0]).toMatchObject({ kind: "carried_over", carryCount: 2, minutes: 15, title: "Báo cáo chỉ số DTI", reasons: ["not_reached"] });
  });

  it("a task, a blocker and a carried item that share a number are three items, each added once", () => {
    const build = (existing: ExistingItem[] = []) =>
      buildAgenda(
        input({
          previousItems: [
            {
              id: 7,
              kind: "other",
              title: "Báo cáo",
              blockerId: null,
              taskId: null,
              presenterAgencyId: 3,
              minutes: 10,
              carryCount: 0,
              outcome: "not_reached",
              removed: false,
            },
          ],
          tasks: [task(7, { deadline: "2023-04-15" })],
          acceptedBlockers: [{ id: 7, title: "Thiếu kinh phí", agencyId: 5, severity: "medium", submittedAt: "2023-05-01T00:00:00Z" }],
          existing,
        }),
      );
    const first = build();
    expect(about(first.add)).toEqual(["item:7", "task:7", "blocker:7"]);
    expect(build(asExisting(first.add))).toEqual({ add: [], stale: [] });
  });

  it("a task loaded without its title plans an item whose title is left to be stored (null)", () => {
    const { title: _omitted, ...untitled } = task(3, { deadline: "2023-04-15" });
    const plan = buildAgenda(input({ tasks: [untitled, task(4, { deadline: "2023-04-16" })] }));
    expect(plan.add.map((i) => [i.taskId, i.title])).toEqual([
      [3, null],
      [4, "Nhiệm vụ 4"],
    ]);
  });

  it("a not-reached item about a task is carried once, not also added as due", () => {
    const plan = buildAgenda(
      input({
        previousItems: [
          {
            id: 40,
            kind: "follow_up_task",
            title: "NV 1",
            blockerId: null,
            taskId: 1,
            presenterAgencyId: 101,
            minutes: 5,
            carryCount: 0,
            outcome: "not_reached",
            removed: false,
          },
        ],
        tasks: [task(1, { deadline: "2023-04-01" })],
      }),
    );
    expect(plan.add).toHaveLength(1);
    expect(plan.add[0]).toMatchObject({ kind: "carried_over", taskId: 1, carriedFromItemId: 40, carryCount: 1, reasons: ["not_reached", "overdue"] });
  });

  it("a not-reached task that has since been completed is not carried", () => {
    const plan = buildAgenda(
      input({
        previousItems: [
          {
            id: 40,
            kind: "follow_up_task",
            title: "NV 1",
            blockerId: null,
            taskId: 1,
            presenterAgencyId: 101,
            minutes: 5,
            carryCount: 0,
            outcome: "not_reached",
            removed: false,
          },
        ],
        tasks: [task(1, { status: "completed", deadline: "2023-04-01" })],
      }),
    );
    expect(plan.add).toEqual([]);
  });

  it("items removed at the previous meeting are not carried", () => {
    const plan = buildAgenda(
      input({
        previousItems: [
          {
            id: 40,
            kind: "other",
            title: "X",
            blockerId: null,
            taskId: null,
            presenterAgencyId: null,
            minutes: null,
            carryCount: 0,
            outcome: "not_reached",
            removed: true,
          },
        ],
      }),
    );
    expect(plan.add).toEqual([]);
  });
});

describe("building again", () => {
  const base = input({
    tasks: [task(1, { deadline: "2023-04-15" }), task(2, { deadline: "2023-05-09" })],
    acceptedBlockers: [{ id: 11, title: "Thiếu kinh phí", agencyId: 5, severity: "high", submittedAt: "2023-05-01T00:00:00Z" }],
  });

  it("is idempotent: nothing is added twice", () => {
    const first = buildAgenda(base);
    const second = buildAgenda({ ...base, existing: asExisting(first.add) });
    expect(second).toEqual({ add: [], stale: [] });
  });

  it("keeps an item removed by hand removed", () => {
    const first = buildAgenda(base);
    const existing = asExisting(first.add).map((e) => (e.taskId === 1 ? { ...e, removed: true } : e));
    expect(buildAgenda({ ...base, existing })).toEqual({ add: [], stale: [] });
  });

  it("keeps hand reordering and custom items, appending only what is new after them", () => {
    const first = buildAgenda(base);
    const existing: ExistingItem[] = [
      ...asExisting(first.add).map((e, n) => ({ ...e, position: [3, 1, 2][n] })),
      { id: 2000, position: 9, source: "manual", blockerId: null, taskId: null, carriedFromItemId: null, removed: false, outcome: "pending" },
    ];
    const next = buildAgenda({
      ...base,
      existing,
      acceptedBlockers: [...base.acceptedBlockers, { id: 12, title: "Mới", agencyId: 6, severity: "low", submittedAt: "2023-05-03T00:00:00Z" }],
    });
    expect(about(next.add)).toEqual(["blocker:12"]);
    expect(next.add[0].position).toBe(10);
    expect(next.stale).toEqual([]);
  });

  it("drops a rule item whose reason has gone, but never a manual one or one already dealt with", () => {
    const first = buildAgenda(base);
    const existing = asExisting(first.add);
    const t1 = existing.find((e) => e.taskId === 1)!;
    const t2 = existing.find((e) => e.taskId === 2)!;
    // Task 1 was completed and task 2's deadline extended past the meeting.
    const next = buildAgenda({
      ...base,
      existing: [
        ...existing,
        { id: 2000, position: 9, source: "manual", blockerId: null, taskId: null, carriedFromItemId: null, removed: false, outcome: "pending" },
      ],
      tasks: [task(1, { status: "completed", deadline: "2023-04-15" }), task(2, { deadline: "2023-05-31" })],
    });
    expect(next.stale.sort()).toEqual([t1.id, t2.id].sort());
    expect(next.add).toEqual([]);

    const concluded = existing.map((e) => (e.id === t1.id ? { ...e, outcome: "concluded" as const } : e));
    expect(buildAgenda({ ...base, existing: concluded, tasks: [task(1, { status: "completed" }), task(2, { deadline: "2023-05-09" })] }).stale).toEqual([]);
  });
});
