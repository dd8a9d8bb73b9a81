/**
 * The Kysely `Database` interface: one entry per table.
 *
 * Conventions (see docs/decisions/0003-data-conventions.md):
 * - instants are ISO-8601 UTC text (`2023-04-07T01:30:00.000Z`);
 * - deadlines and calendar days are `YYYY-MM-DD`, periods `YYYY-MM`,
 *   both read in Asia/Ho_Chi_Minh;
 * - booleans are 0/1 integers;
 * - nullable columns are `T | null`, never optional.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

type Bool = ColumnType<number, number | undefined, number>;
type CreatedAt = ColumnType<string, string | undefined, never>;
type Version = ColumnType<number, number | undefined, number>;

export const AGENCY_KINDS = ["department", "sector", "district", "police", "office", "other"] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

export const USER_ROLES = ["admin", "chair", "secretary", "agency_head", "agency_staff", "observer"] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const LOCALES = ["vi", "en"] as const;
export type Locale = (typeof LOCALES)[number];

export const SERIES_ROLES = ["chair", "secretary"] as const;
export type SeriesRole = (typeof SERIES_ROLES)[number];

export const MEETING_STATUSES = ["scheduled", "open", "agenda_published", "in_session", "concluded", "notice_issued"] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

export const PILLARS = ["digital_government", "digital_economy", "digital_society", "digital_data", "infrastructure", "information_security"] as const;
export type Pillar = (typeof PILLARS)[number];

export const SEVERITIES = ["low", "medium", "high", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const BLOCKER_STATUSES = ["draft", "submitted", "returned", "withdrawn", "on_agenda", "merged", "referred", "declined", "resolved"] as const;
export type BlockerStatus = (typeof BLOCKER_STATUSES)[number];

export const TRIAGE_DECISIONS = ["accept", "merge", "refer", "return", "decline"] as const;
export type TriageDecision = (typeof TRIAGE_DECISIONS)[number];

export const AGENDA_ITEM_KINDS = ["new_blocker", "follow_up_task", "carried_over", "report", "other"] as const;
export type AgendaItemKind = (typeof AGENDA_ITEM_KINDS)[number];

export const AGENDA_ITEM_OUTCOMES = ["pending", "concluded", "not_reached"] as const;
export type AgendaItemOutcome = (typeof AGENDA_ITEM_OUTCOMES)[number];

export const TASK_STATUSES = ["draft", "in_progress", "awaiting_acceptance", "completed", "cancelled"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const DECISION_STATUSES = ["pending", "approved", "rejected"] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];

export const NOTICE_STATUSES = ["draft", "approved", "issued"] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

export interface AgencyTable {
  id: Generated<number>;
  code: string;
  name_vi: string;
  name_en: string;
  kind: AgencyKind;
  parent_id: number | null;
  active: Bool;
  created_at: CreatedAt;
  updated_at: string;
}

export interface UserTable {
  id: Generated<number>;
  username: string;
  email: string | null;
  full_name: string;
  title: string | null;
  password_hash: string;
  role: UserRole;
  agency_id: number | null;
  locale: ColumnType<Locale, Locale | undefined, Locale>;
  active: Bool;
  /** 1 after an administrator's reset: the user must choose a new password before anything else. */
  must_change_password: Bool;
  created_at: CreatedAt;
  updated_at: string;
}

export interface SessionTable {
  /** SHA-256 of the token in the cookie; the token itself is never stored. */
  id: string;
  user_id: number;
  created_at: CreatedAt;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface SeriesTable {
  id: Generated<number>;
  code: string;
  name_vi: string;
  name_en: string;
  issuing_body: string;
  notice_symbol: string;
  /** What every new notice of the series starts from (editable per notice). */
  standing_recipients: ColumnType<string, string | undefined, string>;
  archive_line: ColumnType<string, string | undefined, string>;
  signer_authority: ColumnType<string, string | undefined, string>;
  signer_title: ColumnType<string, string | undefined, string>;
  signer_name: ColumnType<string, string | undefined, string>;
  active: Bool;
  created_at: CreatedAt;
  updated_at: string;
}

export interface SeriesMemberTable {
  series_id: number;
  user_id: number;
  role: SeriesRole;
}

export interface SeriesAgencyTable {
  series_id: number;
  agency_id: number;
}

export interface MeetingTable {
  id: Generated<number>;
  series_id: number;
  period: string;
  title: string;
  starts_at: string;
  place: string;
  cutoff_at: string;
  status: ColumnType<MeetingStatus, MeetingStatus | undefined, MeetingStatus>;
  agenda_built_at: string | null;
  version: Version;
  created_by: number | null;
  created_at: CreatedAt;
  updated_at: string;
}

export interface BridgePointTable {
  id: Generated<number>;
  meeting_id: number;
  agency_id: number | null;
  label: string;
}

export interface BlockerTable {
  id: Generated<number>;
  series_id: number;
  agency_id: number;
  meeting_id: number | null;
  title: string;
  description: string;
  pillar: Pillar;
  severity: Severity;
  help_agency_id: number | null;
  proposal: string;
  plan_target: string | null;
  status: ColumnType<BlockerStatus, BlockerStatus | undefined, BlockerStatus>;
  is_late: Bool;
  merged_into_id: number | null;
  outcome_reason: string | null;
  created_by: number;
  submitted_by: number | null;
  submitted_at: string | null;
  triaged_at: string | null;
  version: Version;
  created_at: CreatedAt;
  updated_at: string;
}

/**
 * Blockers summed by the list's filter dimensions, for the counts above the
 * blocker list. Written only by triggers on blockers (db/migrations), hence
 * read-only here.
 */
export interface BlockerCountTable {
  series_id: ColumnType<number, never, never>;
  agency_id: ColumnType<number, never, never>;
  status: ColumnType<BlockerStatus, never, never>;
  pillar: ColumnType<Pillar, never, never>;
  is_late: ColumnType<0 | 1, never, never>;
  /** 1 once the blocker was sent (`submitted_at` is set): the office lists only those. */
  submitted: ColumnType<0 | 1, never, never>;
  blockers: ColumnType<number, never, never>;
}

/** A triage decision; a secretary's proposal waits for the chair's approval. */
export interface TriageTable {
  id: Generated<number>;
  blocker_id: number;
  meeting_id: number | null;
  decision: TriageDecision;
  reason: string | null;
  merge_into_id: number | null;
  refer_agency_id: number | null;
  refer_deadline: string | null;
  status: ColumnType<DecisionStatus, DecisionStatus | undefined, DecisionStatus>;
  proposed_by: number;
  decided_by: number | null;
  decided_at: string | null;
  created_at: CreatedAt;
}

export interface AgendaItemTable {
  id: Generated<number>;
  meeting_id: number;
  position: number;
  kind: AgendaItemKind;
  title: string;
  blocker_id: number | null;
  task_id: number | null;
  carried_from_item_id: number | null;
  carry_count: ColumnType<number, number | undefined, number>;
  presenter_agency_id: number | null;
  minutes: number | null;
  source: "rule" | "manual";
  removed: Bool;
  removed_reason: string | null;
  outcome: ColumnType<AgendaItemOutcome, AgendaItemOutcome | undefined, AgendaItemOutcome>;
  version: Version;
  created_at: CreatedAt;
  updated_at: string;
}

export interface ConclusionTable {
  id: Generated<number>;
  meeting_id: number;
  agenda_item_id: number;
  body: string;
  version: Version;
  created_by: number;
  created_at: CreatedAt;
  updated_at: string;
}

export interface TaskTable {
  id: Generated<number>;
  series_id: number;
  meeting_id: number | null;
  conclusion_id: number | null;
  blocker_id: number | null;
  title: string;
  description: string;
  expected_result: string;
  pillar: Pillar | null;
  lead_agency_id: number;
  original_deadline: string | null;
  deadline: string | null;
  report_next_meeting: Bool;
  status: ColumnType<TaskStatus, TaskStatus | undefined, TaskStatus>;
  completed_on: string | null;
  /** Agenda items of this task not removed by hand, all meetings; kept by triggers on agenda_items. */
  times_on_agenda: ColumnType<number, never, never>;
  version: Version;
  created_by: number;
  created_at: CreatedAt;
  updated_at: string;
}

/**
 * Tasks summed by series, state, lead agency and deadline month, for the
 * dashboards' and the register's counts. Written only by triggers on tasks
 * and extension_requests (db/migrations), hence read-only here.
 */
export interface TaskCountTable extends TaskSums {
  lead_agency_id: ColumnType<number, never, never>;
}

/**
 * Each issued task's overdue stretches: under one deadline in force, the
 * days [start_day, end_day) it was overdue (end_day NULL while it runs),
 * for the dashboard's "overdue at month end". Written only by triggers on
 * tasks, extension_requests and notices (db/migrations), hence read-only.
 */
export interface TaskOverdueStretchTable {
  task_id: ColumnType<number, never, never>;
  series_id: ColumnType<number, never, never>;
  start_day: ColumnType<string, never, never>;
  end_day: ColumnType<string | null, never, never>;
}

/** The same sums per pillar instead of lead agency ('' for tasks without a pillar). */
export interface TaskCountByPillarTable extends TaskSums {
  pillar: ColumnType<Pillar | "", never, never>;
}

interface TaskSums {
  series_id: ColumnType<number, never, never>;
  /** The task's status, with "completed" split into completed_on_time / completed_late. */
  state: ColumnType<TaskCountState, never, never>;
  /** `YYYY-MM` of the deadline in force; '' when there is none. */
  deadline_month: ColumnType<string, never, never>;
  tasks: ColumnType<number, never, never>;
  /** Days late summed over the tasks completed late. */
  days_late: ColumnType<number, never, never>;
  /** Tasks that asked for an extension at least once. */
  extensions: ColumnType<number, never, never>;
}
export type TaskCountState = Exclude<TaskStatus, "completed"> | "completed_on_time" | "completed_late";

export interface TaskCoordinatorTable {
  task_id: number;
  agency_id: number;
}

/**
 * The same counts per coordinating agency (task_coordinators), with days
 * late but no extensions; `leads` is 1 for a coordinator that is also the
 * task's lead. Written only by triggers (db/migrations), hence read-only.
 */
export interface TaskCoordinatorCountTable {
  agency_id: ColumnType<number, never, never>;
  series_id: ColumnType<number, never, never>;
  state: ColumnType<TaskCountState, never, never>;
  deadline_month: ColumnType<string, never, never>;
  leads: ColumnType<0 | 1, never, never>;
  tasks: ColumnType<number, never, never>;
  days_late: ColumnType<number, never, never>;
}

export interface ProgressReportTable {
  id: Generated<number>;
  task_id: number;
  agency_id: number;
  percent: number | null;
  body: string;
  report_date: string;
  created_by: number;
  created_at: CreatedAt;
}

export interface ExtensionRequestTable {
  id: Generated<number>;
  task_id: number;
  previous_deadline: string | null;
  requested_deadline: string;
  reason: string;
  status: ColumnType<DecisionStatus, DecisionStatus | undefined, DecisionStatus>;
  decision_reason: string | null;
  decided_by: number | null;
  decided_at: string | null;
  created_by: number;
  created_at: CreatedAt;
}

export interface CompletionReportTable {
  id: Generated<number>;
  task_id: number;
  result: string;
  evidence: string;
  completed_on: string;
  status: ColumnType<DecisionStatus, DecisionStatus | undefined, DecisionStatus>;
  decision_reason: string | null;
  decided_by: number | null;
  decided_at: string | null;
  created_by: number;
  created_at: CreatedAt;
}

export interface NoticeTable {
  id: Generated<number>;
  meeting_id: number;
  status: ColumnType<NoticeStatus, NoticeStatus | undefined, NoticeStatus>;
  year: number | null;
  number: number | null;
  symbol: string;
  issued_on: string | null;
  summary: string;
  opening: string;
  closing: string;
  recipients: string;
  signer_authority: string;
  signer_title: string;
  signer_name: string;
  version: Version;
  drafted_by: number;
  approved_by: number | null;
  approved_at: string | null;
  created_at: CreatedAt;
  updated_at: string;
}

export interface AuditEventTable {
  id: Generated<number>;
  at: string;
  actor_user_id: number | null;
  action: string;
  entity_type: string;
  entity_id: number | null;
  /** JSON text of the record before and after the change (null on create / delete). */
  before_json: string | null;
  after_json: string | null;
}

/**
 * A sign-in attempt, written before its password is checked and deleted if
 * it succeeds: what remains are the failures. `login` is what was typed,
 * ASCII case folded as sign-in matches it; `account` is `user:<id>` when
 * that is an account's user name or e-mail, else `name:<login>`; `address`
 * is the client's (an IPv6 /64), or `unknown`.
 */
/** A form submission that changed something, by its one-time key (see utils/write.server.ts). */
export interface FormSubmissionTable {
  user_id: number;
  key: string;
  /** SHA-256 of the address and the fields sent (the key left out): a key replays only the same submission. */
  fingerprint: string;
  /** The change's value as JSON, returned again to a repeated submission. */
  result: string;
  at: string;
}

export interface SignInAttemptTable {
  id: Generated<number>;
  account: string;
  login: string;
  address: string;
  at: string;
}

/** A user's calendar feed address; only the SHA-256 of its token is stored. */
export interface CalendarTokenTable {
  id: Generated<number>;
  user_id: number;
  token_hash: string;
  created_at: CreatedAt;
  revoked_at: string | null;
}

/**
 * The full-text index (FTS5, contentless, kept by triggers): its columns
 * are matched, never read back (they read as null). `rowid` is
 * kind * 2^40 + id, kind 0 task, 1 conclusion, 2 blocker, 3 notice.
 */
export interface SearchIndexTable {
  rowid: ColumnType<number, number, never>;
  title: ColumnType<null, string, never>;
  body: ColumnType<null, string, never>;
  meta: ColumnType<null, string, never>;
}

export interface NotificationTable {
  id: Generated<number>;
  user_id: number;
  kind: string;
  entity_type: string;
  entity_id: number | null;
  params_json: ColumnType<string, string | undefined, string>;
  link: string;
  created_at: string;
  read_at: string | null;
}

export interface EmailOutboxTable {
  id: Generated<number>;
  message_id: string;
  notification_id: number | null;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  status: ColumnType<
    "pending" | "sending" | "sent" | "failed",
    "pending" | "sending" | "sent" | "failed" | undefined,
    "pending" | "sending" | "sent" | "failed"
  >;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface ReminderLogTable {
  entity_type: string;
  entity_id: number;
  kind: string;
  day: string;
}

export interface NotificationPrefTable {
  user_id: number;
  kind: string;
  email: number;
}

export interface Database {
  agencies: AgencyTable;
  users: UserTable;
  sessions: SessionTable;
  series: SeriesTable;
  series_members: SeriesMemberTable;
  series_agencies: SeriesAgencyTable;
  meetings: MeetingTable;
  bridge_points: BridgePointTable;
  blockers: BlockerTable;
  blocker_counts: BlockerCountTable;
  triage_decisions: TriageTable;
  agenda_items: AgendaItemTable;
  conclusions: ConclusionTable;
  tasks: TaskTable;
  task_coordinators: TaskCoordinatorTable;
  task_coordinator_counts: TaskCoordinatorCountTable;
  task_counts: TaskCountTable;
  task_counts_by_pillar: TaskCountByPillarTable;
  task_overdue_stretches: TaskOverdueStretchTable;
  progress_reports: ProgressReportTable;
  extension_requests: ExtensionRequestTable;
  completion_reports: CompletionReportTable;
  notices: NoticeTable;
  audit_events: AuditEventTable;
  sign_in_attempts: SignInAttemptTable;
  form_submissions: FormSubmissionTable;
  notifications: NotificationTable;
  email_outbox: EmailOutboxTable;
  reminder_log: ReminderLogTable;
  notification_prefs: NotificationPrefTable;
  calendar_tokens: CalendarTokenTable;
  search_index: SearchIndexTable;
}

export type Agency = Selectable<AgencyTable>;
export type NewAgency = Insertable<AgencyTable>;
export type AgencyUpdate = Updateable<AgencyTable>;
export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type Series = Selectable<SeriesTable>;
export type Meeting = Selectable<MeetingTable>;
export type Blocker = Selectable<BlockerTable>;
export type AgendaItem = Selectable<AgendaItemTable>;
export type Task = Selectable<TaskTable>;
export type AuditEvent = Selectable<AuditEventTable>;
export type Notice = Selectable<NoticeTable>;
