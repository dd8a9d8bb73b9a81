/**
 * What the benchmark measures: the pages (timed in process by calling
 * their loaders, and over HTTP) and the operations timed in process only.
 */
import { addDays } from "./random";

export type Who = "chair" | "head" | "nobody";

export interface PageSpec {
  name: string;
  /** Shown in the table. */
  label: string;
  path: string;
  who: Who;
  /** The server build's route ids whose loaders run for the page, outermost first. */
  routes: string[];
  params?: Record<string, string>;
  /** A page of a feature that may not have landed yet: reported "missing" when its route is absent. */
  optional?: boolean;
  floor?: boolean;
}

export interface BenchFacts {
  today: string;
  seriesId: number;
  upcomingMeetingId: number;
  lastConcludedMeetingId: number;
  busiestAgencyId: number;
  busiestAgencyCode: string;
}

export const SEARCH_QUERY = "dữ liệu đất đai";
export const TASK_TEXT_QUERY = "dữ liệu";

export function pages(f: BenchFacts): PageSpec[] {
  const meeting = String(f.lastConcludedMeetingId);
  const layout = ["root", "routes/meetings.$meetingId"];
  const q = (s: string) => encodeURIComponent(s);
  return [
    // The cheapest page of the server: root layout + a paragraph, signed out, no query (app/routes/floor.ts).
    { name: "floor", label: "floor (GET /floor)", path: "/floor", who: "nobody", routes: ["root", "routes/floor"], floor: true },
    { name: "dashboard_province", label: "province dashboard", path: "/dashboard", who: "chair", routes: ["root", "routes/dashboard"], optional: true },
    { name: "dashboard_agency", label: "agency dashboard", path: "/dashboard", who: "head", routes: ["root", "routes/dashboard"], optional: true },
    { name: "tasks_first", label: "tasks, first page", path: "/tasks?agency=all", who: "chair", routes: ["root", "routes/tasks._index"] },
    {
      name: "tasks_deep",
      label: "tasks, last page, filtered",
      // Completed on time, due in the last five years, the last page (the page number is clamped).
      path: `/tasks?agency=all&status=completed_on_time&from=${addDays(f.today, -5 * 365)}&sort=deadline&page=999999`,
      who: "chair",
      routes: ["root", "routes/tasks._index"],
    },
    { name: "tasks_agency", label: "tasks, an agency's", path: `/tasks?agency=${f.busiestAgencyId}&role=all`, who: "head", routes: ["root", "routes/tasks._index"] },
    { name: "tasks_text", label: "tasks, text filter", path: `/tasks?agency=all&q=${q(TASK_TEXT_QUERY)}`, who: "chair", routes: ["root", "routes/tasks._index"] },
    { name: "meeting", label: "meeting page (agenda)", path: `/meetings/${meeting}`, who: "chair", routes: [...layout, "routes/meetings.$meetingId._index"], params: { meetingId: meeting } },
    // The notice on screen: its first page of assignments (a real notice is one page; the synthetic meeting assigns ~1,250 tasks).
    { name: "notice", label: "notice (first screen page)", path: `/meetings/${meeting}/notice`, who: "chair", routes: [...layout, "routes/meetings.$meetingId.notice"], params: { meetingId: meeting } },
    // The whole notice, every assignment: a plain page, not hydrated.
    {
      name: "notice_print",
      label: "notice, whole (print view)",
      path: `/meetings/${meeting}/notice/print`,
      who: "chair",
      routes: ["routes/meetings_.$meetingId.notice.print"],
      params: { meetingId: meeting },
      optional: true,
    },
    { name: "search", label: "search", path: `/search?q=${q(SEARCH_QUERY)}`, who: "chair", routes: ["root", "routes/search"] },
  ];
}

/** Operations timed in process only (feature functions called directly). */
export const OPERATIONS = [
  { name: "agenda_build", label: "agenda build (load + rule), upcoming meeting" },
  { name: "search_fn", label: "search() alone, cache miss" },
  { name: "dashboard_province_cold", label: "province figures, cache miss" },
  { name: "dashboard_agency_cold", label: "agency + province task figures, cache miss" },
] as const;

/** In-process targets at size L, in ms of p95. */
export const TARGETS = {
  agendaBuildP95: 20,
  searchP95: 30,
  loaderP95: 25,
  floorRatio: 0.4,
  p99Ms: 250,
  rssMb: 250,
};
