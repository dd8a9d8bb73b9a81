/**
 * A month of officials at work, as requests: who asks for what, and how often.
 * Each request is drawn for one signed-in person by their role, over distinct
 * URLs (their agency's tasks and blockers, register pages with filters,
 * meetings and notices, searches with different words, dashboards for
 * different periods), with about one request in ten a write sent through the
 * real form, as a browser without JavaScript sends it.
 *
 * Pure: the facts come from the generated database (bench/lib/facts.ts), the
 * randomness from a seeded generator; nothing here does I/O.
 */
import type { Rng } from "./random";

export type Role = "chair" | "secretary" | "agency_head" | "agency_staff" | "observer";

export interface Person {
  username: string;
  role: Role;
  agencyId: number | null;
}

export interface MonthFacts {
  seriesId: number;
  /** Agency ids, and per agency the tasks it leads that are in progress and a sample of all its tasks. */
  agencies: number[];
  openTasksByAgency: Map<number, number[]>;
  /** The deadline in force of each of those tasks (an extension must ask for a later one). */
  deadlines: Map<number, string>;
  tasksByAgency: Map<number, number[]>;
  /** Published blockers anyone may read, and per agency its own (any state). */
  publishedBlockers: number[];
  blockersByAgency: Map<number, number[]>;
  /** Blockers submitted and waiting for the chair's triage (consumed by triage writes). */
  submittedBlockers: number[];
  meetings: number[];
  noticeMeetings: number[];
  /** The meeting in session, its agenda items (conclusion saves go there). */
  sessionMeetingId: number;
  sessionItems: number[];
  /** Months that have data, YYYY-MM. */
  periods: string[];
  /** Total tasks, to size the register's pages. */
  taskCount: number;
}

export type RequestKind = "read" | "write";

export interface PlannedRequest {
  kind: RequestKind;
  /** What the request is, for the per-page table ("GET /tasks/:id", "POST progress report"). */
  page: string;
  method: "GET" | "POST";
  path: string;
  form?: Record<string, string>;
}

/** The share of writes in the mix. */
export const WRITE_SHARE = 0.1;

/** Words officials search for. */
export const SEARCH_WORDS = [
  "dữ liệu",
  "đất đai",
  "dân cư",
  "chữ ký số",
  "dịch vụ công",
  "hạ tầng",
  "đường truyền",
  "an toàn thông tin",
  "camera",
  "hồ sơ",
  "một cửa",
  "thanh toán",
  "giáo dục",
  "y tế",
  "nông nghiệp",
  "du lịch",
  "cảng",
  "điện tử",
  "nền tảng",
  "kết nối",
  "chia sẻ",
  "báo cáo",
  "quy hoạch",
  "giải phóng mặt bằng",
  "thủ tục",
  "bưu chính",
  "viễn thông",
  "cơ sở dữ liệu",
  "định danh",
  "VNeID",
  "sổ hóa",
  "số hóa",
  "đào tạo",
  "kinh phí",
  "đấu thầu",
  "phần mềm",
  "máy chủ",
  "trung tâm",
  "giám sát",
  "chính quyền số",
  "kinh tế số",
  "xã hội số",
];

const TRACKING = ["overdue", "due_soon", "in_progress", "awaiting_acceptance", "completed_on_time", "completed_late", "open", "issued"];
const PILLARS = ["digital_government", "digital_economy", "digital_society", "digital_data", "infrastructure", "information_security"];
const BLOCKER_STATUSES = ["submitted", "on_agenda", "resolved", "returned", "referred", "all"];
const PAGE_SIZE = 50;

/** Reads, weighted by role: what each kind of official opens in a month. */
function read(r: Rng, f: MonthFacts, who: Person): PlannedRequest {
  const get = (page: string, path: string): PlannedRequest => ({ kind: "read", page, method: "GET", path });
  const own = who.agencyId;
  const ownTasks = own !== null ? (f.tasksByAgency.get(own) ?? []) : [];
  const ownBlockers = own !== null ? (f.blockersByAgency.get(own) ?? []) : [];
  const registerPages = Math.max(1, Math.ceil(f.taskCount / PAGE_SIZE / 8));
  const x = r.next();
  const period = r.pick(f.periods);
  if (who.role === "agency_head" || who.role === "agency_staff") {
    if (x < 0.12) return get("GET /", "/");
    if (x < 0.22)
      return get(
        "GET /dashboard (agency)",
        r.chance(0.5) ? "/dashboard" : `/dashboard?view=agency&from=${period}&to=${r.pick(f.periods.filter((p) => p >= period))}`,
      );
    if (x < 0.42 && ownTasks.length) return get("GET /tasks/:id", `/tasks/${r.pick(ownTasks)}`);
    if (x < 0.57) return get("GET /tasks (filtered)", `/tasks?agency=${own}&status=${r.pick(TRACKING)}${r.chance(0.3) ? `&page=${r.int(2, 4)}` : ""}`);
    if (x < 0.67 && ownBlockers.length) return get("GET /blockers/:id", `/blockers/${r.pick(ownBlockers)}`);
    if (x < 0.74) return get("GET /blockers", `/blockers?agency=${own}&status=${r.pick(BLOCKER_STATUSES)}`);
    if (x < 0.82) return get("GET /meetings/:id", `/meetings/${r.pick(f.meetings.slice(-12))}`);
    if (x < 0.88) return get("GET /meetings/:id/notice", `/meetings/${r.pick(f.noticeMeetings.slice(-12))}/notice`);
    if (x < 0.94) return get("GET /search", `/search?q=${encodeURIComponent(r.pick(SEARCH_WORDS))}`);
    return get("GET /notifications", "/notifications");
  }
  if (who.role === "chair" || who.role === "secretary") {
    if (x < 0.1) return get("GET /", "/");
    if (x < 0.22)
      return get("GET /dashboard (province)", r.chance(0.4) ? "/dashboard" : `/dashboard?from=${period}&to=${r.pick(f.periods.filter((p) => p >= period))}`);
    if (x < 0.4)
      return get(
        "GET /tasks (filtered)",
        `/tasks?agency=${r.chance(0.5) ? "all" : r.pick(f.agencies)}&status=${r.pick(TRACKING)}&pillar=${r.pick(PILLARS)}&page=${r.int(1, 3)}`,
      );
    if (x < 0.5) return get("GET /tasks (all, paged)", `/tasks?agency=all&page=${r.int(1, registerPages)}`);
    if (x < 0.62) return get("GET /tasks/:id", `/tasks/${r.pick(f.tasksByAgency.get(r.pick(f.agencies)) ?? [1])}`);
    if (x < 0.72) return get("GET /blockers", `/blockers?status=${r.pick(BLOCKER_STATUSES)}&agency=${r.pick(f.agencies)}`);
    if (x < 0.8) return get("GET /blockers/:id", `/blockers/${r.pick(f.publishedBlockers)}`);
    if (x < 0.88) return get("GET /meetings/:id", `/meetings/${r.chance(0.5) ? f.sessionMeetingId : r.pick(f.meetings)}`);
    if (x < 0.93) return get("GET /meetings/:id/session", `/meetings/${f.sessionMeetingId}/session`);
    return get("GET /search", `/search?q=${encodeURIComponent(r.pick(SEARCH_WORDS))}`);
  }
  // Observers: bridge points and inspectors read what is published.
  if (x < 0.25) return get("GET /dashboard (province)", `/dashboard?from=${period}`);
  if (x < 0.45) return get("GET /meetings/:id/notice", `/meetings/${r.pick(f.noticeMeetings)}/notice`);
  if (x < 0.6) return get("GET /meetings/:id", `/meetings/${r.pick(f.meetings)}`);
  if (x < 0.8) return get("GET /tasks (filtered)", `/tasks?agency=${r.pick(f.agencies)}&status=${r.pick(TRACKING)}`);
  if (x < 0.9) return get("GET /blockers/:id", `/blockers/${r.pick(f.publishedBlockers)}`);
  return get("GET /search", `/search?q=${encodeURIComponent(r.pick(SEARCH_WORDS))}`);
}

/** Writes, through the forms each role uses. `marker` makes each one findable afterwards. */
function write(r: Rng, f: MonthFacts, who: Person, marker: string): PlannedRequest | null {
  const post = (page: string, path: string, form: Record<string, string>): PlannedRequest => ({ kind: "write", page, method: "POST", path, form });
  const own = who.agencyId;
  const openTasks = own !== null ? (f.openTasksByAgency.get(own) ?? []) : [];
  if (who.role === "agency_head" || who.role === "agency_staff") {
    const x = r.next();
    if (x < 0.55 && openTasks.length) {
      return post("POST progress report", `/tasks/${r.pick(openTasks)}`, {
        intent: "report-progress",
        body: `Báo cáo tiến độ ${marker}: đã triển khai thêm một phần khối lượng công việc, dự kiến hoàn thành đúng hạn.`,
        percent: String(r.int(10, 95)),
        reportDate: "",
      });
    }
    if (x < 0.65 && openTasks.length && who.role === "agency_head") {
      const task = r.pick(openTasks);
      const today = new Date().toISOString().slice(0, 10);
      const current = f.deadlines.get(task) ?? today;
      const from = Date.parse(`${current > today ? current : today}T00:00:00Z`);
      const deadline = new Date(from + r.int(30, 90) * 86_400_000).toISOString().slice(0, 10);
      return post("POST extension request", `/tasks/${task}`, {
        intent: "request-extension",
        requestedDeadline: deadline,
        reason: `Xin gia hạn ${marker}: chờ bố trí kinh phí và hoàn thiện thủ tục đấu thầu.`,
      });
    }
    return post(who.role === "agency_head" ? "POST blocker submission" : "POST blocker draft", "/blockers/new", {
      intent: who.role === "agency_head" ? "submit" : "save",
      seriesId: String(f.seriesId),
      title: `Khó khăn ${marker}: chưa có đường truyền số liệu chuyên dùng cho bộ phận một cửa`,
      description: "Bộ phận một cửa cấp xã chưa có đường truyền số liệu chuyên dùng ổn định, ảnh hưởng đến việc giải quyết thủ tục hành chính.",
      pillar: r.pick(PILLARS),
      severity: r.pick(["high", "medium", "low"]),
      helpAgencyId: "",
      proposal: "Đề nghị Sở Thông tin và Truyền thông hỗ trợ kết nối mạng truyền số liệu chuyên dùng.",
      planTarget: "",
    });
  }
  if (who.role === "secretary" && f.sessionItems.length) {
    return post("POST conclusion save", `/meetings/${f.sessionMeetingId}/session`, {
      intent: "conclude",
      itemId: String(r.pick(f.sessionItems)),
      body: `Kết luận ${marker}: giao các đơn vị liên quan khẩn trương triển khai, báo cáo tại phiên họp sau.`,
      // The version is filled in by the runner, which knows the item's latest.
    });
  }
  if (who.role === "chair" && f.submittedBlockers.length) {
    const id = f.submittedBlockers.pop()!;
    return post("POST triage decision", `/blockers/${id}`, { intent: "triage", decision: "accept" });
  }
  return null;
}

/** The next request of one person: a write about one time in ten, else a read. */
export function nextRequest(r: Rng, f: MonthFacts, who: Person, marker: string): PlannedRequest {
  if (who.role !== "observer" && r.chance(WRITE_SHARE)) {
    const w = write(r, f, who, marker);
    if (w) return w;
  }
  return read(r, f, who);
}

/**
 * Who is at work: office people ask more often than an agency's staff, but
 * there are many more of the latter. Returns the people in proportion to how
 * often each sends a request.
 */
export function weightedPeople(people: Person[]): Person[] {
  const weight: Record<Role, number> = { chair: 6, secretary: 8, agency_head: 2, agency_staff: 1, observer: 1 };
  return people.flatMap((p) => Array.from({ length: weight[p.role] }, () => p));
}
