/**
 * Who gets what, route by route: one table lists every route module in
 * app/routes, its loader and each intent of its action, and what each kind
 * of user gets. The test walks the table against the real loaders and
 * actions on a world with a record in every state that matters
 * (tests/helpers/authz-fixture.ts), and fails when a route file, a handler
 * or an intent exists that the table does not list.
 *
 * Then the leak checks: no draft or unsubmitted blocker of agency A, no
 * draft task, no unpublished agenda and no unissued notice is readable by
 * another agency or an observer — not through pages, lists, the CSV export,
 * the register's search, or ids guessed in URLs.
 *
 * Outcomes:
 *   ok     2xx, or a redirect anywhere but the sign-in page
 *   login  302 to /login?redirectTo=…
 *   400 / 403 / 404 / 409  that status (409 = refused by the record's state)
 * A handler that throws something other than a Response fails its row with
 * the error ("threw: …"), which is how a 500 would show.
 */
import { copyFileSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as rCatchAll from "../../app/routes/$";
import * as rHome from "../../app/routes/_index";
import * as rAccount from "../../app/routes/account";
import * as rAccountPassword from "../../app/routes/account_.password";
import * as rAdminIndex from "../../app/routes/admin._index";
import * as rAdminEmail from "../../app/routes/admin.email";
import * as rAdminAgency from "../../app/routes/admin.agencies.$agencyId";
import * as rAdminAgencies from "../../app/routes/admin.agencies._index";
import * as rAdminAgencyNew from "../../app/routes/admin.agencies.new";
import * as rAdminSeriesOne from "../../app/routes/admin.series.$seriesId";
import * as rAdminSeries from "../../app/routes/admin.series._index";
import * as rAdminSeriesNew from "../../app/routes/admin.series.new";
import * as rAdmin from "../../app/routes/admin";
import * as rAdminUser from "../../app/routes/admin.users.$userId";
import * as rAdminUsers from "../../app/routes/admin.users._index";
import * as rAdminUserNew from "../../app/routes/admin.users.new";
import * as rBlocker from "../../app/routes/blockers.$blockerId";
import * as rBlockers from "../../app/routes/blockers._index";
import * as rBlockerNew from "../../app/routes/blockers.new";
import * as rDashboard from "../../app/routes/dashboard";
import * as rHealthz from "../../app/routes/healthz";
import * as rLanguage from "../../app/routes/language";
import * as rLogin from "../../app/routes/login";
import * as rNotifications from "../../app/routes/notifications";
import * as rLogout from "../../app/routes/logout";
import * as rAgenda from "../../app/routes/meetings.$meetingId._index";
import * as rMeetingHistory from "../../app/routes/meetings.$meetingId.history";
import * as rNotice from "../../app/routes/meetings.$meetingId.notice";
import * as rSession from "../../app/routes/meetings.$meetingId.session";
import * as rMeeting from "../../app/routes/meetings.$meetingId";
import * as rMeetings from "../../app/routes/meetings._index";
import * as rMeetingNew from "../../app/routes/meetings.new";
import * as rTask from "../../app/routes/tasks.$taskId";
import * as rTasks from "../../app/routes/tasks._index";
import * as rTasksCsv from "../../app/routes/tasks[.csv]";
import * as rTasksXlsx from "../../app/routes/tasks[.xlsx]";
import * as rBlockersCsv from "../../app/routes/blockers[.csv]";
import * as rBlockersXlsx from "../../app/routes/blockers[.xlsx]";
import * as rCalendarFeed from "../../app/routes/calendar.$token[.ics]";
import * as rMeetingIcs from "../../app/routes/meetings.$meetingId.calendar[.ics]";
import * as rNoticeDocx from "../../app/routes/meetings.$meetingId.notice[.docx]";
import * as rAgendaDocx from "../../app/routes/meetings.$meetingId.agenda[.docx]";
import * as rAgendaPrint from "../../app/routes/meetings_.$meetingId.agenda.print";
import * as rNoticePrint from "../../app/routes/meetings_.$meetingId.notice.print";
import * as rSearch from "../../app/routes/search";
import { CALENDAR_INTENTS } from "../../app/features/calendar/calendar-schemas";
import { AGENCY_INTENTS } from "../../app/features/agencies/agencies-schemas";
import { AgendaActionSchema } from "../../app/features/agenda/agenda-schemas";
import { BLOCKER_INTENTS, NEW_BLOCKER_INTENTS } from "../../app/features/blockers/blockers-schemas";
import { ConclusionSchema, DeleteTaskSchema, NewTaskSchema, NotReachedSchema } from "../../app/features/conclusions/conclusions-schemas";
import { MEETING_TRANSITION_NAMES } from "../../app/features/meetings/meetings-rules";
import { NoticeEditSchema } from "../../app/features/notices/notices-schemas";
import { SERIES_INTENTS } from "../../app/features/series/series-schemas";
import { TASK_INTENTS } from "../../app/features/tasks/tasks-schemas";
import { USER_INTENTS } from "../../app/features/users/users-schemas";
import { getDb } from "../../app/utils/db.server";
import { foldForSearch } from "../../app/utils/search";
import { buildWorld, type World } from "../helpers/authz-fixture";
import { TEST_PASSWORD } from "../helpers/fixtures";
import { call, sessionCookieFor, type Outcome } from "../helpers/requests";

// ---------------------------------------------------------------- the route modules

type Handler = Parameters<typeof call>[0];
interface RouteModule {
  loader?: unknown;
  action?: unknown;
}

const ROUTES_DIR = join(__dirname, "../../app/routes");

/** Every file of app/routes, by file name. A new route file must be added here and to the table. */
const MODULES: Record<string, RouteModule> = {
  "$.tsx": rCatchAll,
  "_index.tsx": rHome,
  "account.tsx": rAccount,
  "account_.password.tsx": rAccountPassword,
  "admin._index.tsx": rAdminIndex,
  "admin.agencies.$agencyId.tsx": rAdminAgency,
  "admin.agencies._index.tsx": rAdminAgencies,
  "admin.agencies.new.tsx": rAdminAgencyNew,
  "admin.email.tsx": rAdminEmail,
  "admin.series.$seriesId.tsx": rAdminSeriesOne,
  "admin.series._index.tsx": rAdminSeries,
  "admin.series.new.tsx": rAdminSeriesNew,
  "admin.tsx": rAdmin,
  "admin.users.$userId.tsx": rAdminUser,
  "admin.users._index.tsx": rAdminUsers,
  "admin.users.new.tsx": rAdminUserNew,
  "blockers.$blockerId.tsx": rBlocker,
  "blockers._index.tsx": rBlockers,
  "blockers.new.tsx": rBlockerNew,
  "dashboard.tsx": rDashboard,
  "healthz.ts": rHealthz,
  "language.tsx": rLanguage,
  "login.tsx": rLogin,
  "notifications.tsx": rNotifications,
  "logout.tsx": rLogout,
  "meetings.$meetingId._index.tsx": rAgenda,
  "meetings.$meetingId.history.tsx": rMeetingHistory,
  "meetings.$meetingId.notice.tsx": rNotice,
  "meetings.$meetingId.session.tsx": rSession,
  "meetings.$meetingId.tsx": rMeeting,
  "meetings._index.tsx": rMeetings,
  "meetings.new.tsx": rMeetingNew,
  "tasks.$taskId.tsx": rTask,
  "tasks._index.tsx": rTasks,
  "tasks[.csv].tsx": rTasksCsv,
  "tasks[.xlsx].tsx": rTasksXlsx,
  "blockers[.csv].tsx": rBlockersCsv,
  "blockers[.xlsx].tsx": rBlockersXlsx,
  "calendar.$token[.ics].tsx": rCalendarFeed,
  "meetings.$meetingId.calendar[.ics].tsx": rMeetingIcs,
  "meetings.$meetingId.notice[.docx].tsx": rNoticeDocx,
  "meetings.$meetingId.agenda[.docx].tsx": rAgendaDocx,
  "meetings_.$meetingId.agenda.print.tsx": rAgendaPrint,
  "meetings_.$meetingId.notice.print.tsx": rNoticePrint,
  "search.tsx": rSearch,
};

const intentOf = (schema: { shape: { intent: { value: unknown } } }) => String(schema.shape.intent.value);

/**
 * The intents each action declares, from the app's own lists where it has
 * them. The action's source is also scanned for `case "…":` labels (below),
 * so an intent added to a switch is caught even without a list.
 */
const DECLARED_INTENTS: Record<string, readonly string[]> = {
  "account.tsx": CALENDAR_INTENTS,
  "admin.agencies.$agencyId.tsx": AGENCY_INTENTS,
  "admin.series.$seriesId.tsx": SERIES_INTENTS,
  "admin.users.$userId.tsx": USER_INTENTS,
  "blockers.$blockerId.tsx": BLOCKER_INTENTS,
  "blockers.new.tsx": NEW_BLOCKER_INTENTS,
  "meetings.$meetingId.tsx": MEETING_TRANSITION_NAMES.map((t) => `transition:${t}`),
  "meetings.$meetingId._index.tsx": AgendaActionSchema.options.map(intentOf),
  "meetings.$meetingId.session.tsx": [ConclusionSchema, NotReachedSchema, NewTaskSchema, DeleteTaskSchema].map(intentOf),
  "meetings.$meetingId.notice.tsx": ["draft", intentOf(NoticeEditSchema), "issue"],
  "tasks.$taskId.tsx": TASK_INTENTS,
};

/** `case "x":` labels inside `export async function action`, up to the next top-level declaration. */
function scannedIntents(file: string): string[] {
  const source = readFileSync(join(ROUTES_DIR, file), "utf8");
  const start = source.search(/export (async )?function action\b/);
  if (start < 0) return [];
  const rest = source.slice(start + 1);
  const end = rest.search(/\n(export |function |const |type |interface )/);
  const body = end < 0 ? rest : rest.slice(0, end);
  return [...body.matchAll(/case "([\w:-]+)":/g)].map((m) => m[1]);
}

// ---------------------------------------------------------------- the table

const USERS = ["anonymous", "observer", "staffA", "headA", "headB", "secretary", "chair", "admin"] as const;
type UserKey = (typeof USERS)[number];
type Expected = "ok" | "login" | 400 | 403 | 404 | 409;
type Fields = Record<string, string | string[]>;

interface Row {
  file: string;
  handler: "loader" | "action";
  /** The action's intent; none for a single-purpose action. */
  intent?: string;
  /** Which record the request is about, for the test's name. */
  on?: string;
  /** One outcome per user, in the order of USERS. */
  expect: string;
  /** Why a cell is what it is, when it is not obvious. */
  note?: string;
  path: (w: World) => string;
  params?: (w: World) => Record<string, string>;
  form?: (w: World) => Fields | Promise<Fields>;
}

//                            anonymous observer staffA headA headB secretary chair admin
const PUBLIC = /*          */ "login     ok       ok     ok    ok    ok        ok    ok";
const EVERYONE = /*        */ "ok        ok       ok     ok    ok    ok        ok    ok";
const ADMIN_ONLY = /*      */ "login     403      403    403   403   403       403   ok";
const OFFICE = /*          */ "login     403      403    403   403   ok        ok    403";
const CHAIR_ONLY = /*      */ "login     403      403    403   403   403       ok    403";
const AGENCY_DRAFTERS = /* */ "login     403      ok     ok    ok    403       403   403";

const s = (n: number) => String(n);
const meetingParams = (id: (w: World) => number) => (w: World) => ({ meetingId: s(id(w)) });
const blockerParams = (id: (w: World) => number) => (w: World) => ({ blockerId: s(id(w)) });
const taskParams = (id: (w: World) => number) => (w: World) => ({ taskId: s(id(w)) });
const blockerText = (w: World, title: string) => ({
  seriesId: s(w.fx.seriesId),
  title,
  description: "Mô tả khó khăn.",
  pillar: "digital_government",
  severity: "medium",
  helpAgencyId: "",
  proposal: "Kiến nghị.",
});
const versionOf = async (table: "blockers" | "tasks" | "agenda_items", id: number) =>
  s((await getDb().selectFrom(table).where("id", "=", id).select("version").executeTakeFirstOrThrow()).version);

function adminRows(): Row[] {
  const page = (file: string, path: string, params?: (w: World) => Record<string, string>): Row => ({
    file,
    handler: "loader",
    expect: ADMIN_ONLY,
    path: () => path,
    params,
  });
  const agency = (w: World) => w.fx.agencyB;
  const user = (w: World) => w.fx.users.staffB;
  const series = (w: World) => w.fx.seriesId;
  const agencyAction = (intent: string, form: (w: World) => Fields): Row => ({
    file: "admin.agencies.$agencyId.tsx",
    handler: "action",
    intent,
    on: "agency B",
    expect: ADMIN_ONLY,
    path: (w) => `/admin/agencies/${agency(w)}`,
    params: (w) => ({ agencyId: s(agency(w)) }),
    form: (w) => ({ intent, ...form(w) }),
  });
  const seriesAction = (intent: string, form: (w: World) => Fields): Row => ({
    file: "admin.series.$seriesId.tsx",
    handler: "action",
    intent,
    on: "the series",
    expect: ADMIN_ONLY,
    path: (w) => `/admin/series/${series(w)}`,
    params: (w) => ({ seriesId: s(series(w)) }),
    form: (w) => ({ intent, ...form(w) }),
  });
  const userAction = (intent: string, form: (w: World) => Fields): Row => ({
    file: "admin.users.$userId.tsx",
    handler: "action",
    intent,
    on: "staffB",
    expect: ADMIN_ONLY,
    path: (w) => `/admin/users/${user(w)}`,
    params: (w) => ({ userId: s(user(w)) }),
    form: (w) => ({ intent, ...form(w) }),
  });
  const agencyForm = { code: "SB", nameVi: "UBND huyện Đầm Hà", nameEn: "Dam Ha District", kind: "district", parentId: "" };
  const seriesForm = {
    nameVi: "Giao ban chuyển đổi số",
    nameEn: "Digital transformation briefing",
    issuingBody: "ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH",
    noticeSymbol: "TB-UBND",
  };
  return [
    page("admin.tsx", "/admin"),
    page("admin._index.tsx", "/admin"),
    page("admin.agencies._index.tsx", "/admin/agencies"),
    page("admin.agencies.new.tsx", "/admin/agencies/new"),
    { ...page("admin.agencies.$agencyId.tsx", "", (w) => ({ agencyId: s(agency(w)) })), on: "agency B", path: (w) => `/admin/agencies/${agency(w)}` },
    page("admin.series._index.tsx", "/admin/series"),
    page("admin.series.new.tsx", "/admin/series/new"),
    { ...page("admin.series.$seriesId.tsx", "", (w) => ({ seriesId: s(series(w)) })), on: "the series", path: (w) => `/admin/series/${series(w)}` },
    page("admin.users._index.tsx", "/admin/users"),
    page("admin.users.new.tsx", "/admin/users/new"),
    page("admin.email.tsx", "/admin/email"),
    {
      file: "admin.email.tsx",
      handler: "action",
      intent: "retry",
      expect: ADMIN_ONLY,
      note: "no such message: nothing retried",
      path: () => "/admin/email",
      form: () => ({ intent: "retry", id: "999999" }),
    },
    { file: "admin.email.tsx", handler: "action", intent: "retry-all", expect: ADMIN_ONLY, path: () => "/admin/email", form: () => ({ intent: "retry-all" }) },
    { ...page("admin.users.$userId.tsx", "", (w) => ({ userId: s(user(w)) })), on: "staffB", path: (w) => `/admin/users/${user(w)}` },
    {
      file: "admin.agencies.new.tsx",
      handler: "action",
      expect: ADMIN_ONLY,
      path: () => "/admin/agencies/new",
      form: () => ({ code: "SC", nameVi: "Sở Xây dựng", nameEn: "Department of Construction", kind: "department", parentId: "" }),
    },
    agencyAction("save", () => agencyForm),
    agencyAction("deactivate", () => ({ confirm: "on" })),
    agencyAction("reactivate", () => ({ confirm: "on" })),
    {
      file: "admin.series.new.tsx",
      handler: "action",
      expect: ADMIN_ONLY,
      path: () => "/admin/series/new",
      form: () => ({ code: "CDS2", ...seriesForm, nameVi: "Giao ban cải cách hành chính", nameEn: "Administrative reform briefing" }),
    },
    seriesAction("save", () => seriesForm),
    seriesAction("add-member", (w) => ({ userId: s(w.spareSecretary), seat: "secretary" })),
    seriesAction("remove-member", (w) => ({ userId: s(w.fx.users.secretary), seat: "secretary" })),
    seriesAction("set-agencies", (w) => ({ agencyId: [s(w.fx.agencyA), s(w.fx.agencyB)] })),
    {
      file: "admin.users.new.tsx",
      handler: "action",
      expect: ADMIN_ONLY,
      path: () => "/admin/users/new",
      form: () => ({ username: "nguoi.moi", fullName: "Người mới", email: "", role: "observer", agencyId: "", password: "mat-khau-moi-12345" }),
    },
    userAction("save", (w) => ({ fullName: "Chuyên viên B", title: "", email: "staff.b@example.test", role: "agency_staff", agencyId: s(w.fx.agencyB) })),
    userAction("deactivate", () => ({ confirm: "on" })),
    userAction("reactivate", () => ({ confirm: "on" })),
    userAction("reset-password", () => ({ password: "mat-khau-moi-12345", passwordConfirm: "mat-khau-moi-12345" })),
  ];
}

function blockerRows(): Row[] {
  const file = "blockers.$blockerId.tsx";
  const loader = (on: string, id: (w: World) => number, expect: string, note?: string): Row => ({
    file,
    handler: "loader",
    on,
    expect,
    note,
    path: (w) => `/blockers/${id(w)}`,
    params: blockerParams(id),
  });
  const act = (
    intent: string,
    on: string,
    id: (w: World) => number,
    expect: string,
    form: (w: World) => Fields | Promise<Fields> = () => ({}),
    note?: string,
  ): Row => ({
    file,
    handler: "action",
    intent,
    on,
    expect,
    note,
    path: (w) => `/blockers/${id(w)}`,
    params: blockerParams(id),
    form: async (w) => ({ intent, ...(await form(w)) }),
  });
  const draft = (w: World) => w.blockers.draftA;
  const sent = (w: World) => w.blockers.submittedA;
  //                                   anonymous observer staffA headA headB secretary chair admin
  const UNPUBLISHED_A = /*          */ "login     404      ok     ok    404   ok        ok    404";
  return [
    loader("A's draft", draft, UNPUBLISHED_A, "another agency, observers and admins get the same 404 as for an id that does not exist"),
    loader("A's submitted, untriaged", sent, UNPUBLISHED_A),
    loader("A's blocker on M2's agenda", (w) => w.blockers.onAgendaA, PUBLIC),
    loader("A's resolved blocker", (w) => w.blockers.resolvedA, PUBLIC),
    act("edit", "A's draft", draft, "login 404 ok ok 404 403 403 404", async (w) => ({
      ...blockerText(w, "Bản nháp đã sửa"),
      version: await versionOf("blockers", w.blockers.draftA),
    })),
    act(
      "edit",
      "A's blocker on the agenda",
      (w) => w.blockers.onAgendaA,
      "login 403 409 409 403 403 403 403",
      async (w) => ({ ...blockerText(w, "Sửa sau khi lên chương trình"), seriesId: "", version: await versionOf("blockers", w.blockers.onAgendaA) }),
      "published, so readable by all; A may draft but the record is past editing (409); everyone else 403",
    ),
    act("submit", "A's draft", draft, "login 404 403 ok 404 403 403 404"),
    act("withdraw", "A's draft", draft, "login 404 ok ok 404 403 403 404", () => ({ confirm: "yes" })),
    act("withdraw", "A's submitted", sent, "login 404 403 ok 404 403 403 404", () => ({ confirm: "yes" }), "once sent, only the head takes it back"),
    act(
      "triage",
      "A's submitted",
      sent,
      "login 404 403 403 404 ok ok 404",
      () => ({ decision: "return", reason: "Đề nghị bổ sung số liệu." }),
      "the secretary's decision is a proposal, the chair's applies",
    ),
    act(
      "approve",
      "A's submitted with a pending proposal",
      (w) => w.blockers.proposedA,
      "login 404 403 403 404 403 ok 404",
      (w) => ({ decisionId: s(w.proposalId) }),
    ),
    act(
      "reject",
      "A's submitted with a pending proposal",
      (w) => w.blockers.proposedA,
      "login 404 403 403 404 403 ok 404",
      (w) => ({ decisionId: s(w.proposalId) }),
    ),
    act("pull_in", "A's late blocker", (w) => w.blockers.lateA, "login 404 403 403 404 403 ok 404"),
  ];
}

function meetingRows(): Row[] {
  const m = (pick: (w: World) => number) => ({ path: (w: World) => `/meetings/${pick(w)}`, params: meetingParams(pick) });
  const transition = (t: string, on: string, pick: (w: World) => number, expect: string, note?: string): Row => ({
    file: "meetings.$meetingId.tsx",
    handler: "action",
    intent: `transition:${t}`,
    on,
    expect,
    note,
    ...m(pick),
    form: () => ({ intent: "transition", transition: t }),
  });
  const agenda = (intent: string, form: (w: World) => Fields | Promise<Fields>): Row => ({
    file: "meetings.$meetingId._index.tsx",
    handler: "action",
    intent,
    on: "M5 (open, draft agenda)",
    expect: OFFICE,
    path: (w) => `/meetings/${w.meetings.open}?index`,
    params: meetingParams((w) => w.meetings.open),
    form: async (w) => ({ intent, ...(await form(w)) }),
  });
  const session = (intent: string, form: (w: World) => Fields): Row => ({
    file: "meetings.$meetingId.session.tsx",
    handler: "action",
    intent,
    on: "M3 (in session)",
    expect: OFFICE,
    path: (w) => `/meetings/${w.meetings.session}/session`,
    params: meetingParams((w) => w.meetings.session),
    form: (w) => ({ intent, ...form(w) }),
  });
  const notice = (intent: string, on: string, pick: (w: World) => number, expect: string, form: (w: World) => Fields = () => ({}), note?: string): Row => ({
    file: "meetings.$meetingId.notice.tsx",
    handler: "action",
    intent,
    on,
    expect,
    note,
    path: (w) => `/meetings/${pick(w)}/notice`,
    params: meetingParams(pick),
    form: (w) => ({ intent, ...form(w) }),
  });
  const open = (w: World) => w.meetings.open;
  return [
    { file: "meetings._index.tsx", handler: "loader", expect: PUBLIC, path: () => "/meetings" },
    { file: "meetings.new.tsx", handler: "loader", expect: OFFICE, path: () => "/meetings/new" },
    {
      file: "meetings.new.tsx",
      handler: "action",
      expect: OFFICE,
      path: () => "/meetings/new",
      form: (w) => ({
        seriesId: s(w.fx.seriesId),
        period: `${w.year}-11`,
        day: `${w.year}-11-07`,
        time: "08:00",
        cutoffDay: `${w.year}-11-03`,
        cutoffTime: "17:00",
        place: "Trụ sở UBND tỉnh",
      }),
    },
    { file: "meetings.$meetingId.tsx", handler: "loader", on: "M5 (open)", expect: PUBLIC, ...m(open) },
    { file: "meetings.$meetingId.tsx", handler: "loader", on: "M1 (notice issued)", expect: PUBLIC, ...m((w) => w.meetings.issued) },
    transition("open_submissions", "M6 (scheduled)", (w) => w.meetings.scheduled, OFFICE),
    transition("publish_agenda", "M5 (open)", open, CHAIR_ONLY, "the chair publishes; the secretary gets 403"),
    transition("start_session", "M4 (agenda published)", (w) => w.meetings.published, OFFICE),
    transition("conclude", "M3b (in session, all concluded)", (w) => w.meetings.sessionDone, OFFICE),
    transition(
      "issue_notice",
      "M2 (concluded, draft notice)",
      (w) => w.meetings.concluded,
      "login 409 409 409 409 409 409 409",
      "refused to everyone signed in (409 use_notice) before any permission check: issuing happens on the notice page",
    ),
    {
      file: "meetings.$meetingId._index.tsx",
      handler: "loader",
      on: "M5 (draft agenda)",
      expect: PUBLIC,
      note: "everyone gets the page; only the office gets the items (see the leak checks)",
      ...m(open),
    },
    { file: "meetings.$meetingId._index.tsx", handler: "loader", on: "M4 (agenda published)", expect: PUBLIC, ...m((w) => w.meetings.published) },
    agenda("build", () => ({})),
    agenda("move", (w) => ({ itemId: s(w.items.openB), direction: "up" })),
    agenda("edit", async (w) => ({
      itemId: s(w.items.openA),
      presenterAgencyId: s(w.fx.agencyA),
      minutes: "15",
      title: "Báo cáo chính quyền số",
      version: await versionOf("agenda_items", w.items.openA),
    })),
    agenda("remove", (w) => ({ itemId: s(w.items.openA), reason: "Chuyển sang kỳ sau." })),
    agenda("restore", (w) => ({ itemId: s(w.items.openRemoved) })),
    agenda("add", () => ({ title: "Nội dung bổ sung", kind: "other", presenterAgencyId: "", minutes: "5" })),
    {
      file: "meetings.$meetingId.session.tsx",
      handler: "loader",
      on: "M3 (in session)",
      expect: PUBLIC,
      note: "items and tasks only for the office until the notice is issued",
      ...m((w) => w.meetings.session),
    },
    session("conclude", (w) => ({ itemId: s(w.items.sessionPending), body: "Giao Sở Thông tin và Truyền thông rà soát." })),
    session("not_reached", (w) => ({ itemId: s(w.items.sessionPending) })),
    session("add_task", (w) => ({ itemId: s(w.items.sessionConcluded), title: "Nhiệm vụ mới", leadAgencyId: s(w.fx.agencyB), deadline: `${w.year}-04-30` })),
    session("delete_task", (w) => ({ taskId: s(w.tasks.draftM3) })),
    {
      file: "meetings.$meetingId.notice.tsx",
      handler: "loader",
      on: "M2 (draft notice)",
      expect: PUBLIC,
      note: "the draft itself only for the office",
      ...m((w) => w.meetings.concluded),
    },
    { file: "meetings.$meetingId.notice.tsx", handler: "loader", on: "M1 (issued notice)", expect: PUBLIC, ...m((w) => w.meetings.issued) },
    notice("draft", "M2b (concluded, no notice)", (w) => w.meetings.concludedNoNotice, OFFICE),
    notice(
      "save",
      "M2 (draft notice)",
      (w) => w.meetings.concluded,
      OFFICE,
      () => ({
        summary: "Kết luận của Chủ tịch",
        opening: "Mở đầu.",
        closing: "Kết thúc./.",
        recipients: "- Như trên;",
        signerAuthority: "TL. CHỦ TỊCH",
        signerTitle: "CHÁNH VĂN PHÒNG",
        signerName: "Nguyễn Văn A",
      }),
    ),
    notice("issue", "M2 (draft notice)", (w) => w.meetings.concluded, CHAIR_ONLY, undefined, "the chair approves; the secretary gets 403"),
    {
      file: "meetings.$meetingId.history.tsx",
      handler: "loader",
      on: "M5 (draft agenda)",
      expect: PUBLIC,
      note: "records' events only for the office",
      path: (w) => `/meetings/${open(w)}/history`,
      params: meetingParams(open),
    },
  ];
}

/** The notice and the agenda as Word files and their print pages: exactly who reads the pages; a draft is the office's, anyone else finds nothing. */
function documentRows(): Row[] {
  //                                   anonymous observer staffA headA headB secretary chair admin
  const OFFICE_ELSE_404 = /*        */ "login     404      404    404   404   ok        ok    404";
  const doc = (file: string, suffix: string, on: string, pick: (w: World) => number, expect: string): Row => ({
    file,
    handler: "loader",
    on,
    expect,
    path: (w) => `/meetings/${pick(w)}/${suffix}`,
    params: meetingParams(pick),
  });
  return [
    doc("meetings.$meetingId.notice[.docx].tsx", "notice.docx", "M2 (draft notice)", (w) => w.meetings.concluded, OFFICE_ELSE_404),
    doc("meetings.$meetingId.notice[.docx].tsx", "notice.docx", "M1 (issued notice)", (w) => w.meetings.issued, PUBLIC),
    doc(
      "meetings.$meetingId.notice[.docx].tsx",
      "notice.docx",
      "M2b (concluded, no notice)",
      (w) => w.meetings.concludedNoNotice,
      "login 404 404 404 404 404 404 404",
    ),
    doc("meetings_.$meetingId.notice.print.tsx", "notice/print", "M2 (draft notice)", (w) => w.meetings.concluded, OFFICE_ELSE_404),
    doc("meetings_.$meetingId.notice.print.tsx", "notice/print", "M1 (issued notice)", (w) => w.meetings.issued, PUBLIC),
    doc(
      "meetings_.$meetingId.notice.print.tsx",
      "notice/print",
      "M2b (concluded, no notice)",
      (w) => w.meetings.concludedNoNotice,
      "login 404 404 404 404 404 404 404",
    ),
    doc("meetings.$meetingId.agenda[.docx].tsx", "agenda.docx", "M5 (draft agenda)", (w) => w.meetings.open, OFFICE_ELSE_404),
    doc("meetings.$meetingId.agenda[.docx].tsx", "agenda.docx", "M4 (agenda published)", (w) => w.meetings.published, PUBLIC),
    doc("meetings_.$meetingId.agenda.print.tsx", "agenda/print", "M5 (draft agenda)", (w) => w.meetings.open, OFFICE_ELSE_404),
    doc("meetings_.$meetingId.agenda.print.tsx", "agenda/print", "M4 (agenda published)", (w) => w.meetings.published, PUBLIC),
  ];
}

function taskRows(): Row[] {
  const file = "tasks.$taskId.tsx";
  const loader = (on: string, id: (w: World) => number, expect: string, note?: string): Row => ({
    file,
    handler: "loader",
    on,
    expect,
    note,
    path: (w) => `/tasks/${id(w)}`,
    params: taskParams(id),
  });
  const act = (intent: string, on: string, id: (w: World) => number, expect: string, form: (w: World) => Fields = () => ({}), note?: string): Row => ({
    file,
    handler: "action",
    intent,
    on,
    expect,
    note,
    path: (w) => `/tasks/${id(w)}`,
    params: taskParams(id),
    form: async (w) => ({ intent, version: await versionOf("tasks", id(w)), ...form(w) }),
  });
  const liveA = (w: World) => w.tasks.liveA;
  const draft = (w: World) => w.tasks.draftM2;
  //                                   anonymous observer staffA headA headB secretary chair admin
  const OWN_HEAD_A = /*             */ "login     403      403    ok    403   403       403   403";
  return [
    loader("a draft task (M2, lead A)", draft, "login 404 404 404 404 ok ok 404", "a draft is the office's alone, even for its lead agency"),
    loader("live task, lead A, B coordinating", liveA, PUBLIC),
    loader("live task, lead B", (w) => w.tasks.liveB, PUBLIC),
    act(
      "report-progress",
      "live task, lead A, B coordinating",
      liveA,
      "login 403 ok ok ok 403 403 403",
      () => ({ body: "Đã hoàn thành 50%.", percent: "50" }),
      "B reports as a coordinating agency",
    ),
    act(
      "report-progress",
      "live task, lead B",
      (w) => w.tasks.liveB,
      "login 403 403 403 ok 403 403 403",
      () => ({ body: "Đang thực hiện." }),
      "A has no share in B's task",
    ),
    act("report-progress", "a draft task", draft, "login 404 404 404 404 403 403 404", () => ({ body: "Đang thực hiện." })),
    act("request-extension", "live task, lead A", liveA, OWN_HEAD_A, (w) => ({ requestedDeadline: `${w.year}-03-15`, reason: "Chờ thiết bị." })),
    act(
      "approve-extension",
      "task with a pending extension",
      (w) => w.tasks.extA,
      CHAIR_ONLY,
      (w) => ({ extensionId: s(w.extensionId) }),
    ),
    act(
      "reject-extension",
      "task with a pending extension",
      (w) => w.tasks.extA,
      CHAIR_ONLY,
      (w) => ({ extensionId: s(w.extensionId), decisionReason: "Không đủ căn cứ." }),
    ),
    act("report-completion", "live task, lead A", liveA, OWN_HEAD_A, () => ({ result: "Đã hoàn thành.", evidence: "Biên bản nghiệm thu." })),
    act(
      "accept-completion",
      "task awaiting acceptance",
      (w) => w.tasks.doneA,
      CHAIR_ONLY,
      (w) => ({ completionId: s(w.completionId) }),
    ),
    act(
      "return-completion",
      "task awaiting acceptance",
      (w) => w.tasks.doneA,
      CHAIR_ONLY,
      (w) => ({ completionId: s(w.completionId), returnReason: "Thiếu minh chứng." }),
    ),
    act("cancel", "live task, lead A", liveA, CHAIR_ONLY, () => ({ cancelReason: "Không còn phù hợp." })),
    act("cancel", "a draft task", draft, "login 404 404 404 404 403 ok 404", () => ({ cancelReason: "Không còn phù hợp." })),
  ];
}

const TABLE: Row[] = [
  { file: "$.tsx", handler: "loader", on: "/khong-co", expect: "404 404 404 404 404 404 404 404", path: () => "/khong-co" },
  { file: "_index.tsx", handler: "loader", expect: PUBLIC, path: () => "/" },
  { file: "account.tsx", handler: "loader", expect: PUBLIC, path: () => "/account" },
  {
    file: "account.tsx",
    handler: "action",
    intent: "generate",
    expect: PUBLIC,
    note: "each user's own calendar link",
    path: () => "/account",
    form: () => ({ intent: "generate", current: "none" }),
  },
  {
    file: "account.tsx",
    handler: "action",
    intent: "notification-prefs",
    expect: PUBLIC,
    note: "each user's own e-mail choices",
    path: () => "/account",
    form: () => ({ intent: "notification-prefs", email: ["task_assigned", "task_overdue"] }),
  },
  {
    file: "account.tsx",
    handler: "action",
    intent: "regenerate",
    expect: PUBLIC,
    note: "no link yet: makes the first one",
    path: () => "/account",
    form: () => ({ intent: "regenerate", current: "none" }),
  },
  {
    file: "account.tsx",
    handler: "action",
    intent: "revoke",
    expect: "login 409 409 409 409 409 409 409",
    note: "nobody has a link in the world: nothing to revoke",
    path: () => "/account",
    form: () => ({ intent: "revoke", current: "1", confirm: "1" }),
  },
  { file: "account_.password.tsx", handler: "loader", expect: PUBLIC, path: () => "/account/password" },
  {
    file: "account_.password.tsx",
    handler: "action",
    expect: PUBLIC,
    note: "each user changes only their own password",
    path: () => "/account/password",
    form: () => ({ currentPassword: TEST_PASSWORD, password: "Mot-cau-mat-khau-moi-2026", passwordConfirm: "Mot-cau-mat-khau-moi-2026" }),
  },
  {
    file: "account_.password.tsx",
    handler: "action",
    on: "a wrong current password",
    expect: "login 400 400 400 400 400 400 400",
    path: () => "/account/password",
    form: () => ({ currentPassword: "khong-phai-mat-khau", password: "Mot-cau-mat-khau-moi-2026", passwordConfirm: "Mot-cau-mat-khau-moi-2026" }),
  },
  {
    file: "calendar.$token[.ics].tsx",
    handler: "loader",
    on: "an unknown token",
    expect: "404 404 404 404 404 404 404 404",
    note: "no session: the token is the credential",
    path: () => "/calendar/khong-co-ma-nay-0123456789abcdef.ics",
    params: () => ({ token: "khong-co-ma-nay-0123456789abcdef" }),
  },
  { file: "healthz.ts", handler: "loader", expect: EVERYONE, path: () => "/healthz" },
  { file: "language.tsx", handler: "loader", expect: EVERYONE, note: "a GET goes home", path: () => "/language" },
  { file: "language.tsx", handler: "action", expect: EVERYONE, path: () => "/language", form: () => ({ lang: "en", redirectTo: "/account" }) },
  { file: "notifications.tsx", handler: "loader", expect: PUBLIC, note: "each user's own notifications", path: () => "/notifications" },
  {
    file: "notifications.tsx",
    handler: "action",
    intent: "read",
    expect: PUBLIC,
    note: "another user's id matches nothing",
    path: () => "/notifications",
    form: () => ({ intent: "read", id: "999999", next: "/" }),
  },
  { file: "notifications.tsx", handler: "action", intent: "read_all", expect: PUBLIC, path: () => "/notifications", form: () => ({ intent: "read_all" }) },
  { file: "login.tsx", handler: "loader", expect: EVERYONE, note: "signed in: redirected onwards", path: () => "/login" },
  {
    file: "login.tsx",
    handler: "action",
    expect: EVERYONE,
    path: () => "/login",
    form: () => ({ username: "observer", password: TEST_PASSWORD, redirectTo: "/" }),
  },
  { file: "logout.tsx", handler: "loader", expect: EVERYONE, note: "a GET goes home", path: () => "/logout" },
  {
    file: "logout.tsx",
    handler: "action",
    expect: EVERYONE,
    note: "ends the session, redirects to /login?signedOut=1",
    path: () => "/logout",
    form: () => ({}),
  },
  ...adminRows(),
  { file: "blockers._index.tsx", handler: "loader", expect: PUBLIC, note: "scoped in the query (see the leak checks)", path: () => "/blockers?status=all" },
  { file: "blockers.new.tsx", handler: "loader", expect: AGENCY_DRAFTERS, path: () => "/blockers/new" },
  {
    file: "blockers.new.tsx",
    handler: "action",
    intent: "save",
    expect: AGENCY_DRAFTERS,
    path: () => "/blockers/new",
    form: (w) => ({ intent: "save", ...blockerText(w, "Khó khăn mới") }),
  },
  {
    file: "blockers.new.tsx",
    handler: "action",
    intent: "submit",
    expect: "login 403 403 ok ok 403 403 403",
    path: () => "/blockers/new",
    form: (w) => ({ intent: "submit", ...blockerText(w, "Khó khăn mới") }),
  },
  ...blockerRows(),
  ...meetingRows(),
  { file: "tasks._index.tsx", handler: "loader", expect: PUBLIC, note: "drafts scoped in the query (see the leak checks)", path: () => "/tasks?agency=all" },
  { file: "tasks[.csv].tsx", handler: "loader", expect: PUBLIC, path: () => "/tasks.csv?agency=all" },
  {
    file: "dashboard.tsx",
    handler: "loader",
    expect: PUBLIC,
    note: "counts of issued tasks; agency users get their own agency's dashboard",
    path: () => "/dashboard",
  },
  {
    file: "dashboard.tsx",
    handler: "loader",
    on: "the province's figures",
    expect: PUBLIC,
    note: "read-only for agency users too",
    path: () => "/dashboard?view=province&from=2020-01&sort=overdue",
  },
  { file: "tasks[.xlsx].tsx", handler: "loader", expect: PUBLIC, path: () => "/tasks.xlsx?agency=all" },
  { file: "blockers[.csv].tsx", handler: "loader", expect: PUBLIC, note: "listBlockers' scope", path: () => "/blockers.csv?status=all" },
  { file: "blockers[.xlsx].tsx", handler: "loader", expect: PUBLIC, note: "listBlockers' scope", path: () => "/blockers.xlsx?status=all" },
  {
    file: "search.tsx",
    handler: "loader",
    expect: PUBLIC,
    note: "each kind's visibility in the query (see the leak checks)",
    path: () => "/search?q=bi%20mat",
  },
  { file: "search.tsx", handler: "loader", on: "no query", expect: PUBLIC, path: () => "/search" },
  {
    file: "meetings.$meetingId.calendar[.ics].tsx",
    handler: "loader",
    on: "M1 (notice issued)",
    expect: PUBLIC,
    path: (w) => `/meetings/${w.meetings.issued}/calendar.ics`,
    params: meetingParams((w) => w.meetings.issued),
  },
  ...documentRows(),
  ...taskRows(),
];

// ---------------------------------------------------------------- running a row

const OUTCOMES: readonly Expected[] = ["ok", "login", 400, 403, 404, 409];

function parseExpect(spec: string): Expected[] {
  const cells = spec
    .trim()
    .split(/\s+/)
    .map((c) => (/^\d+$/.test(c) ? Number(c) : c) as Expected);
  if (cells.length !== USERS.length) throw new Error(`expected ${USERS.length} outcomes, got "${spec}"`);
  const odd = cells.filter((c) => !OUTCOMES.includes(c));
  if (odd.length) throw new Error(`unknown outcomes ${odd.join(", ")} in "${spec}"`);
  return cells;
}

function classify(res: Outcome): string | number {
  if (res.status >= 300 && res.status < 400) {
    return /^\/login\?(.*&)?redirectTo=/.test(res.location ?? "") ? "login" : "ok";
  }
  if (res.status >= 200 && res.status < 300) return "ok";
  return res.status;
}

let world: World;
/** One session per user, made before the snapshot, so a request writes nothing of its own. */
const cookies: Partial<Record<string, string>> = {};

function request(path: string, user: string, fields?: Fields): Request {
  const headers = new Headers();
  const cookie = cookies[user];
  if (user !== "anonymous" && !cookie) throw new Error(`no session for ${user}`);
  if (cookie) headers.set("Cookie", cookie);
  if (!fields) return new Request(BASE + path, { headers });
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  headers.set("Content-Type", "application/x-www-form-urlencoded");
  headers.set("Origin", BASE);
  return new Request(BASE + path, { method: "POST", body, headers });
}
const BASE = "http://localhost";

/**
 * Every case runs on the world as built. The database file is copied once,
 * after the world is built; whenever a case changed anything (SQLite's
 * total_changes() on the app's one connection moved), the copy is put back
 * and a fresh connection opens on it. Savepoints cannot do this: the app
 * opens its own transactions with BEGIN.
 */
const dbFile = process.env.DATABASE_PATH!;
const snapshotFile = `${dbFile}.authz-snapshot`;
let baseline = 0;

async function totalChanges(): Promise<number> {
  return Number((await sql<{ n: number }>`SELECT total_changes() AS n`.execute(getDb())).rows[0].n);
}

async function freshWorld() {
  if ((await totalChanges()) === baseline) return;
  await globalThis.__giaobanDb?.destroy();
  globalThis.__giaobanDb = undefined;
  for (const suffix of ["-wal", "-shm"]) rmSync(dbFile + suffix, { force: true });
  copyFileSync(snapshotFile, dbFile);
  baseline = await totalChanges();
}

async function runRow(row: Row, user: UserKey): Promise<Outcome> {
  const mod = MODULES[row.file];
  const handler = mod[row.handler] as Handler | undefined;
  if (!handler) throw new Error(`${row.file} has no ${row.handler}`);
  const params = row.params?.(world) ?? {};
  const fields = row.handler === "action" ? ((await row.form?.(world)) ?? {}) : undefined;
  return call(handler, request(row.path(world), user, fields), params);
}

beforeAll(async () => {
  world = await buildWorld();
  for (const [name, id] of Object.entries(world.fx.users)) cookies[name] = await sessionCookieFor(id);
  await sql`VACUUM INTO ${sql.lit(snapshotFile)}`.execute(getDb());
  baseline = await totalChanges();
});

afterAll(() => {
  rmSync(snapshotFile, { force: true });
});

// ---------------------------------------------------------------- the table is complete

describe("the table lists every route, handler and intent", () => {
  it("every file in app/routes is in the import map and the table", () => {
    const files = readdirSync(ROUTES_DIR).filter((f) => /\.(tsx?|jsx?|mdx?)$/.test(f));
    const unmapped = files.filter((f) => !(f in MODULES));
    expect(unmapped, `route files missing from MODULES and TABLE in tests/integration/route-authz.test.ts: ${unmapped.join(", ")}`).toEqual([]);
    const untabled = files.filter((f) => !TABLE.some((r) => r.file === f));
    expect(untabled, `route files with no row in TABLE: ${untabled.join(", ")}`).toEqual([]);
    const stale = Object.keys(MODULES).filter((f) => !files.includes(f));
    expect(stale, `MODULES lists files that no longer exist: ${stale.join(", ")}`).toEqual([]);
    const subfolders = readdirSync(ROUTES_DIR, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    expect(subfolders, `route folders are not walked by this test: ${subfolders.join(", ")}`).toEqual([]);
  });

  it.each(Object.keys(MODULES))("%s: every exported loader and action has rows, and every row's handler exists", (file) => {
    const mod = MODULES[file];
    for (const handler of ["loader", "action"] as const) {
      const rows = TABLE.filter((r) => r.file === file && r.handler === handler);
      if (typeof mod[handler] === "function") expect(rows.length, `${file} exports a ${handler} with no row in TABLE`).toBeGreaterThan(0);
      else expect(rows.length, `${file} has rows for a ${handler} it does not export`).toBe(0);
    }
  });

  it.each(Object.keys(MODULES).filter((f) => typeof MODULES[f].action === "function"))("%s: every intent of the action has a row", (file) => {
    const declared = DECLARED_INTENTS[file] ?? [];
    // Transitions of meetings.$meetingId are listed as "transition:<name>".
    const scanned = scannedIntents(file).filter((i) => !declared.includes(`transition:${i}`));
    const expected = [...new Set([...declared, ...scanned])];
    const rows = TABLE.filter((r) => r.file === file && r.handler === "action");
    const listed = new Set(rows.map((r) => r.intent ?? ""));
    if (expected.length === 0) {
      expect([...listed], `${file}: a single-purpose action is listed without an intent`).toEqual([""]);
      return;
    }
    const missing = expected.filter((i) => !listed.has(i));
    expect(missing, `${file}: intents with no row in TABLE`).toEqual([]);
    const unknown = [...listed].filter((i) => !expected.includes(i));
    expect(unknown, `${file}: rows for intents the action does not have`).toEqual([]);
  });
});

describe("each case starts from the world as built", () => {
  it("a change made by one case is gone before the next", async () => {
    const id = world.blockers.draftA;
    const status = async () => (await getDb().selectFrom("blockers").where("id", "=", id).select("status").executeTakeFirstOrThrow()).status;
    await freshWorld();
    const res = await call(rBlocker.action as Handler, request(`/blockers/${id}`, "staffA", { intent: "withdraw", confirm: "yes" }), { blockerId: String(id) });
    expect(res.status).toBe(302);
    expect(await status()).toBe("withdrawn");
    await freshWorld();
    expect(await status()).toBe("draft");
  });
});

// ---------------------------------------------------------------- the table, walked

interface Case {
  name: string;
  row: Row;
  user: UserKey;
  expected: Expected;
}

const CASES: Case[] = TABLE.flatMap((row) =>
  parseExpect(row.expect).map((expected, i) => {
    const user = USERS[i];
    const what = `${row.handler}${row.intent ? ` [${row.intent}]` : ""}${row.on ? ` on ${row.on}` : ""}`;
    return { name: `${row.file} ${what} — ${user} → ${expected}`, row, user, expected };
  }),
);

describe("route × handler × user", () => {
  for (const { name, row, user, expected } of CASES)
    it(name, async () => {
      await freshWorld();
      let got: string | number;
      let detail = "";
      try {
        const res = await runRow(row, user);
        got = classify(res);
        detail = `status ${res.status}${res.location ? ` → ${res.location}` : ""} ${typeof res.data === "string" ? "" : JSON.stringify(res.data)?.slice(0, 300)}`;
      } catch (e) {
        got = `threw: ${e instanceof Error ? e.message : String(e)}`;
      }
      expect(got, `${row.note ? `(${row.note}) ` : ""}${detail}`).toBe(expected);
    });
});

// ---------------------------------------------------------------- leak checks

describe("nothing unpublished of agency A reaches another agency or an observer", () => {
  const OUTSIDERS = ["headB", "staffB", "observer"] as const;
  const NOT_OFFICE = ["headA", "staffA", "headB", "staffB", "observer", "admin"] as const;
  type Who = (typeof NOT_OFFICE)[number] | "secretary" | "chair";
  const get = async (mod: RouteModule, path: string, u: Who, params: Record<string, string> = {}) => {
    await freshWorld();
    return call(mod.loader as Handler, request(path, u), params);
  };
  const unpublishedBlockers = () => [world.blockers.draftA, world.blockers.submittedA, world.blockers.proposedA, world.blockers.lateA];
  const draftTasks = () => [world.tasks.draftM2, world.tasks.draftM3];
  const secretTitles = () => [world.titles.draftA, world.titles.submittedA, world.titles.draftM2, world.titles.draftM3];

  describe("pages of unpublished records answer 404, the same as an id that does not exist", () => {
    it.each(OUTSIDERS)("%s: A's draft and untriaged blockers", async (u) => {
      const missing = await get(rBlocker, "/blockers/999999", u, { blockerId: "999999" });
      expect(missing.status).toBe(404);
      for (const id of unpublishedBlockers()) {
        const res = await get(rBlocker, `/blockers/${id}`, u, { blockerId: String(id) });
        expect({ id, status: res.status, data: res.data }).toEqual({ id, status: 404, data: missing.data });
        const posted = await call(rBlocker.action as Handler, request(`/blockers/${id}`, u, { intent: "withdraw", confirm: "yes" }), { blockerId: String(id) });
        expect({ id, status: posted.status }).toEqual({ id, status: 404 });
      }
    });

    it.each([...OUTSIDERS, "headA", "staffA"] as const)("%s: draft tasks", async (u) => {
      const missing = await get(rTask, "/tasks/999999", u, { taskId: "999999" });
      expect(missing.status).toBe(404);
      for (const id of draftTasks()) {
        const res = await get(rTask, `/tasks/${id}`, u, { taskId: String(id) });
        expect({ id, status: res.status, data: res.data }).toEqual({ id, status: 404, data: missing.data });
      }
    });

    it("the office does open them (the checks above are not vacuous)", async () => {
      for (const id of unpublishedBlockers()) expect((await get(rBlocker, `/blockers/${id}`, "secretary", { blockerId: String(id) })).status).toBe(200);
      for (const id of draftTasks()) expect((await get(rTask, `/tasks/${id}`, "secretary", { taskId: String(id) })).status).toBe(200);
    });
  });

  describe("lists, the export and search leave them out", () => {
    const BLOCKER_QUERIES = ["", "?status=all", "?status=draft", "?status=submitted", "?late=1&status=all", "?pending=1&status=all"];
    it.each(OUTSIDERS)("%s: /blockers, with every filter", async (u) => {
      const queries = [...BLOCKER_QUERIES, `?agency=${world.fx.agencyA}&status=all`, `?meeting=${world.meetings.open}&status=all`];
      for (const q of queries) {
        const res = await get(rBlockers, `/blockers${q}`, u);
        expect(res.status).toBe(200);
        const ids = res.data.list.rows.map((r: { id: number }) => r.id);
        for (const id of unpublishedBlockers()) expect(ids, `/blockers${q}`).not.toContain(id);
        const text = JSON.stringify(res.data);
        for (const title of [world.titles.draftA, world.titles.submittedA]) expect(text, `/blockers${q}`).not.toContain(title);
      }
    });

    it("the published blocker is listed for them (the check above is not vacuous)", async () => {
      const res = await get(rBlockers, "/blockers?status=all", "observer");
      expect(res.data.list.rows.map((r: { id: number }) => r.id)).toContain(world.blockers.onAgendaA);
    });

    const taskQueries = () => {
      const folded = foldForSearch(world.titles.draftM2).split(" ").slice(0, 4).join(" ");
      return [
        "",
        "?agency=all",
        "?agency=all&status=not_issued",
        `?agency=${world.fx.agencyA}`,
        `?agency=${world.fx.agencyA}&role=lead&sort=newest`,
        `?agency=all&period=${world.year}-02`,
        `?agency=all&q=${encodeURIComponent(folded)}`,
        `?agency=all&q=${encodeURIComponent(world.titles.draftM3)}`,
      ];
    };

    it.each([...OUTSIDERS, "headA", "staffA"] as const)("%s: /tasks and its search", async (u) => {
      for (const q of taskQueries()) {
        const res = await get(rTasks, `/tasks${q}`, u);
        expect(res.status).toBe(200);
        const ids = res.data.register.rows.map((r: { id: number }) => r.id);
        for (const id of draftTasks()) expect(ids, `/tasks${q}`).not.toContain(id);
        expect(res.data.register.counts.not_issued, `/tasks${q}`).toBe(0);
        // The query echoes what was typed; everything else must not carry a draft's title.
        const text = JSON.stringify({ ...res.data, query: null });
        for (const title of secretTitles()) expect(text, `/tasks${q}`).not.toContain(title);
      }
    });

    it.each([...OUTSIDERS, "headA", "staffA"] as const)("%s: /tasks.csv", async (u) => {
      for (const q of taskQueries()) {
        const res = await get(rTasksCsv, `/tasks.csv${q}`, u);
        expect(res.status).toBe(200);
        for (const title of secretTitles()) expect(res.data, `/tasks.csv${q}`).not.toContain(title);
      }
    });

    it("the office finds the drafts with the same queries, and outsiders find the live tasks (not vacuous)", async () => {
      const folded = foldForSearch(world.titles.draftM2).split(" ").slice(0, 4).join(" ");
      const office = await get(rTasks, `/tasks?agency=all&q=${encodeURIComponent(folded)}`, "secretary");
      expect(office.data.register.rows.map((r: { id: number }) => r.id)).toContain(world.tasks.draftM2);
      const csv = await get(rTasksCsv, "/tasks.csv?agency=all&status=not_issued", "secretary");
      expect(csv.data).toContain(world.titles.draftM2);
      const live = await get(rTasksCsv, "/tasks.csv?agency=all", "headB");
      expect(live.data).toContain("Kết nối dữ liệu đất đai");
    });
  });

  describe("search leaves them out, in its hits and in its counts", () => {
    type Hit = { kind: string; id: number };
    const searchAs = async (u: Who, q: string) => {
      const res = await get(rSearch, `/search?q=${encodeURIComponent(q)}`, u);
      expect(res.status, q).toBe(200);
      return { counts: res.data.results.counts as Record<string, number>, hits: res.data.results.hits as Hit[] };
    };
    /** What was typed as the secret titles are, folded, cut short, and the draft conclusion's words. */
    const queries = () => [
      ...secretTitles(),
      ...secretTitles().map((t) => foldForSearch(t).split(" ").slice(0, 3).join(" ")),
      "Kết luận tạm bí mật",
      "ket luan tam",
    ];
    const unissued = async () => {
      const db = getDb();
      const conclusions = await db
        .selectFrom("conclusions")
        .innerJoin("meetings", "meetings.id", "conclusions.meeting_id")
        .where("meetings.status", "!=", "notice_issued")
        .select("conclusions.id")
        .execute();
      const notices = await db.selectFrom("notices").where("status", "!=", "issued").select("id").execute();
      return { conclusions: conclusions.map((c) => c.id), notices: notices.map((n) => n.id) };
    };
    const keysOf = (hits: Hit[]) => hits.map((h) => `${h.kind}:${h.id}`);

    it.each(OUTSIDERS)("%s: no unpublished blocker of A, draft task, unissued conclusion or notice", async (u) => {
      const hidden = await unissued();
      const secret = [
        ...unpublishedBlockers().map((id) => `blocker:${id}`),
        ...draftTasks().map((id) => `task:${id}`),
        ...hidden.conclusions.map((id) => `conclusion:${id}`),
        ...hidden.notices.map((id) => `notice:${id}`),
      ];
      expect(hidden.conclusions.length).toBeGreaterThan(0);
      for (const q of queries()) {
        const r = await searchAs(u, q);
        for (const key of secret) expect(keysOf(r.hits), `${u}: ${q}`).not.toContain(key);
        const text = JSON.stringify(r.hits);
        for (const title of secretTitles()) expect(text, `${u}: ${q}`).not.toContain(title);
      }
    });

    it.each(["headA", "staffA"] as const)("%s: no draft task, even as its lead agency", async (u) => {
      for (const q of queries()) {
        const r = await searchAs(u, q);
        for (const id of draftTasks()) expect(keysOf(r.hits), `${u}: ${q}`).not.toContain(`task:${id}`);
        for (const title of [world.titles.draftM2, world.titles.draftM3]) expect(JSON.stringify(r.hits), `${u}: ${q}`).not.toContain(title);
      }
    });

    it("the office and A find them with the same queries (the checks above are not vacuous)", async () => {
      const found = async (u: Who) => {
        const keys = new Set<string>();
        for (const q of queries()) for (const k of keysOf((await searchAs(u, q)).hits)) keys.add(k);
        return keys;
      };
      const office = await found("secretary");
      for (const id of draftTasks()) expect(office).toContain(`task:${id}`);
      expect(office).toContain(`blocker:${world.blockers.submittedA}`);
      expect([...office].some((k) => k.startsWith("conclusion:"))).toBe(true);
      const own = await found("staffA");
      expect(own).toContain(`blocker:${world.blockers.draftA}`);
    });
  });

  describe("meetings: the draft agenda, the session before the notice, the draft notice", () => {
    it.each(NOT_OFFICE)("%s: the draft agenda of an open meeting is empty", async (u) => {
      const res = await get(rAgenda, `/meetings/${world.meetings.open}`, u, { meetingId: String(world.meetings.open) });
      expect(res.status).toBe(200);
      expect(res.data).toMatchObject({ visible: false, canEdit: false, agencies: [] });
      expect(res.data.items).toEqual([]);
    });

    it.each(NOT_OFFICE)("%s: the session page shows no items or draft tasks before the notice is issued", async (u) => {
      for (const m of [world.meetings.session, world.meetings.concluded]) {
        const res = await get(rSession, `/meetings/${m}/session`, u, { meetingId: String(m) });
        expect(res.status).toBe(200);
        expect({ m, items: res.data.items, tasks: res.data.tasks, canRecord: res.data.canRecord }).toEqual({ m, items: [], tasks: [], canRecord: false });
      }
    });

    it.each(NOT_OFFICE)("%s: an unissued notice and its conclusions are not sent", async (u) => {
      const m = world.meetings.concluded;
      const res = await get(rNotice, `/meetings/${m}/notice`, u, { meetingId: String(m) });
      expect(res.status).toBe(200);
      expect(res.data).toMatchObject({ notice: null, parts: [], canEdit: false, canIssue: false });
      expect(JSON.stringify(res.data)).not.toContain(world.titles.draftM2);
    });

    it.each(NOT_OFFICE)("%s: a meeting's history shows only the meeting's own moves", async (u) => {
      for (const m of [world.meetings.open, world.meetings.session, world.meetings.concluded]) {
        const res = await get(rMeetingHistory, `/meetings/${m}/history`, u, { meetingId: String(m) });
        const actions: string[] = res.data.entries.map((e: { action: string }) => e.action);
        expect(actions.length).toBeGreaterThan(0);
        // The meeting's own events (meeting.*, agenda.built); none of its items, conclusions or notice.
        expect(
          actions.filter((a) => /^(agenda_item|conclusion|notice|task|blocker)\./.test(a)),
          `meeting ${m}`,
        ).toEqual([]);
        const text = JSON.stringify(res.data);
        for (const secret of [...secretTitles(), "Dự thảo: báo cáo chính quyền số", "Kết luận tạm"]) expect(text, `meeting ${m}`).not.toContain(secret);
      }
    });

    it("the office sees all of it (the checks above are not vacuous)", async () => {
      const agenda = await get(rAgenda, `/meetings/${world.meetings.open}`, "secretary", { meetingId: String(world.meetings.open) });
      expect(agenda.data.items.map((i: { id: number }) => i.id)).toEqual(
        expect.arrayContaining([world.items.openA, world.items.openB, world.items.openRemoved]),
      );
      expect(agenda.data.items.some((i: { source: string }) => i.source === "rule")).toBe(true);
      const session = await get(rSession, `/meetings/${world.meetings.concluded}/session`, "secretary", { meetingId: String(world.meetings.concluded) });
      expect(session.data.tasks.map((t: { id: number }) => t.id)).toContain(world.tasks.draftM2);
      const notice = await get(rNotice, `/meetings/${world.meetings.concluded}/notice`, "chair", { meetingId: String(world.meetings.concluded) });
      expect(notice.data.notice).toMatchObject({ status: "draft" });
      const history = await get(rMeetingHistory, `/meetings/${world.meetings.open}/history`, "secretary", { meetingId: String(world.meetings.open) });
      expect(history.data.entries.some((e: { action: string }) => e.action.startsWith("agenda_item."))).toBe(true);
      const issued = await get(rNotice, `/meetings/${world.meetings.issued}/notice`, "observer", { meetingId: String(world.meetings.issued) });
      expect(issued.data.notice).toMatchObject({ status: "issued" });
    });
  });

  describe("the home page counts only the viewer's own agency", () => {
    it.each(OUTSIDERS)("%s: no draft or triage counts from A", async (u) => {
      const res = await get(rHome, "/", u);
      expect(res.data.facts).toMatchObject({ myDrafts: 0, myReturned: 0, awaitingTriage: 0 });
    });
  });

  describe("drafts do not leak through published pages", () => {
    it.each(OUTSIDERS)("%s: a published blocker's page does not show a draft task made from it", async (u) => {
      const id = world.blockers.onAgendaA;
      const res = await get(rBlocker, `/blockers/${id}`, u, { blockerId: String(id) });
      expect(res.status).toBe(200);
      expect(res.data.task).toBeNull();
      expect(JSON.stringify(res.data)).not.toContain(world.titles.draftM2);
    });
    it.each(NOT_OFFICE)("%s: the agenda page sends no conclusion before the notice is issued", async (u) => {
      for (const m of [world.meetings.session, world.meetings.concluded]) {
        const res = await get(rAgenda, `/meetings/${m}`, u, { meetingId: String(m) });
        expect(
          res.data.items.filter((i: { conclusion: string | null }) => i.conclusion !== null).map((i: { title: string }) => i.title),
          `meeting ${m}`,
        ).toEqual([]);
      }
    });
    it.each(NOT_OFFICE)("%s: the history of a meeting whose agenda is unpublished does not list the draft agenda", async (u) => {
      const m = world.meetings.open;
      const res = await get(rMeetingHistory, `/meetings/${m}/history`, u, { meetingId: String(m) });
      expect(
        res.data.entries.filter((e: { action: string; after: { added?: unknown } | null }) => e.action === "agenda.built" && Array.isArray(e.after?.added)),
      ).toEqual([]);
    });
    it.each(["headA", "staffA"] as const)("%s: the blocker's history does not show the office's pending proposal", async (u) => {
      const id = world.blockers.proposedA;
      const res = await get(rBlocker, `/blockers/${id}`, u, { blockerId: String(id) });
      expect(res.data.history.map((e: { action: string }) => e.action)).not.toContain("blocker.triage_proposed");
    });
  });
});
