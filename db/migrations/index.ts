/**
 * Every migration, in order. A static list rather than a folder scan so the
 * same code runs under tsx, Vitest and the bundled server build.
 * Landed migrations are frozen: add a new file, never edit an old one.
 */
import type { Migration } from "kysely";
import * as m1300 from "./2026-11-27T1300-create-agencies-users-sessions";
import * as m1310 from "./2026-11-27T1310-create-series-meetings";
import * as m1320 from "./2026-11-27T1320-create-blockers-agenda";
import * as m1330 from "./2026-11-27T1330-create-tasks-notices";
import * as m1340 from "./2026-11-27T1340-create-audit-events";
import * as m1400 from "./2026-11-27T1400-create-login-failures";
import * as m1500 from "./2026-11-27T1500-create-calendar-tokens";
import * as m1600 from "./2026-11-27T1600-create-search-index";
import * as m1700 from "./2026-11-27T1700-create-notifications";
import * as m1800 from "./2026-11-27T1800-add-series-notice-defaults";
import * as m1900 from "./2026-11-27T1900-index-agenda-items-task";
import * as m2000 from "./2026-11-27T2000-count-task-agenda-appearances";
import * as m2100 from "./2026-11-27T2100-index-task-register";
import * as m2200 from "./2026-11-27T2200-index-dashboard-months";
import * as m2300 from "./2026-11-27T2300-index-pending-requests-by-age";
import * as m1207_0900 from "./2026-12-07T0900-create-sign-in-attempts";
import * as m1207_1000 from "./2026-12-07T1000-add-users-must-change-password";
import * as m1207_1010 from "./2026-12-07T1010-revoke-calendar-links-of-inactive-users";
import * as m1207_1100 from "./2026-12-07T1100-index-blocker-links-and-page-filters";
import * as m1208_0900 from "./2026-12-08T0900-create-form-submissions";
import * as m1208_1000 from "./2026-12-08T1000-summarise-task-counts";
import * as m1208_1100 from "./2026-12-08T1100-count-blockers-and-index-the-list";
import * as m1208_1200 from "./2026-12-08T1200-index-the-agency-dashboard";
import * as m1208_1300 from "./2026-12-08T1300-keep-overdue-stretches";
import * as m1208_1400 from "./2026-12-08T1400-summarise-coordinated-task-counts";
import * as m1208_1410 from "./2026-12-08T1410-index-the-register-by-lead-agency";
import * as m1208_1500 from "./2026-12-08T1500-index-the-province-trend";

export const migrations: Record<string, Migration> = {
  "2026-11-27T1300-create-agencies-users-sessions": m1300,
  "2026-11-27T1310-create-series-meetings": m1310,
  "2026-11-27T1320-create-blockers-agenda": m1320,
  "2026-11-27T1330-create-tasks-notices": m1330,
  "2026-11-27T1340-create-audit-events": m1340,
  "2026-11-27T1400-create-login-failures": m1400,
  "2026-11-27T1500-create-calendar-tokens": m1500,
  "2026-11-27T1600-create-search-index": m1600,
  "2026-11-27T1700-create-notifications": m1700,
  "2026-11-27T1800-add-series-notice-defaults": m1800,
  "2026-11-27T1900-index-agenda-items-task": m1900,
  "2026-11-27T2000-count-task-agenda-appearances": m2000,
  "2026-11-27T2100-index-task-register": m2100,
  "2026-11-27T2200-index-dashboard-months": m2200,
  "2026-11-27T2300-index-pending-requests-by-age": m2300,
  "2026-12-07T0900-create-sign-in-attempts": m1207_0900,
  "2026-12-07T1000-add-users-must-change-password": m1207_1000,
  "2026-12-07T1010-revoke-calendar-links-of-inactive-users": m1207_1010,
  "2026-12-07T1100-index-blocker-links-and-page-filters": m1207_1100,
  "2026-12-08T0900-create-form-submissions": m1208_0900,
  "2026-12-08T1000-summarise-task-counts": m1208_1000,
  "2026-12-08T1100-count-blockers-and-index-the-list": m1208_1100,
  "2026-12-08T1200-index-the-agency-dashboard": m1208_1200,
  "2026-12-08T1300-keep-overdue-stretches": m1208_1300,
  "2026-12-08T1400-summarise-coordinated-task-counts": m1208_1400,
  "2026-12-08T1410-index-the-register-by-lead-agency": m1208_1410,
  "2026-12-08T1500-index-the-province-trend": m1208_1500,
};
