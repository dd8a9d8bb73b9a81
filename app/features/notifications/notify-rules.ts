/**
 * Who is told what, decided from the audit event of a change. Every change
 * that matters already writes an audit event in its transaction, so the
 * notifications ride in the same transaction: never lost, never doubled.
 */
export const NOTIFICATION_KINDS = [
  "blocker_outcome",
  "blocker_submitted",
  "triage_proposal",
  "task_assigned",
  "extension_requested",
  "extension_decided",
  "completion_reported",
  "completion_decided",
  "task_due_soon",
  "task_overdue",
  "cutoff_soon",
  "cutoff_passed",
  "agenda_published",
  "notice_issued",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Who receives it: an agency's people, the series office (chair and secretaries), or the chair alone. */
export type Audience = { to: "agency"; which: "blocker" | "task_lead" | "task_all" } | { to: "office" } | { to: "chair" } | { to: "series_agencies" };

export interface EventRule {
  kind: NotificationKind;
  audience: Audience;
}

const rules: Record<string, EventRule> = {
  "blocker.accepted": { kind: "blocker_outcome", audience: { to: "agency", which: "blocker" } },
  "blocker.merged": { kind: "blocker_outcome", audience: { to: "agency", which: "blocker" } },
  "blocker.referred": { kind: "blocker_outcome", audience: { to: "agency", which: "blocker" } },
  "blocker.returned": { kind: "blocker_outcome", audience: { to: "agency", which: "blocker" } },
  "blocker.declined": { kind: "blocker_outcome", audience: { to: "agency", which: "blocker" } },
  "blocker.submitted": { kind: "blocker_submitted", audience: { to: "office" } },
  "blocker.triage_proposed": { kind: "triage_proposal", audience: { to: "chair" } },
  "task.issued": { kind: "task_assigned", audience: { to: "agency", which: "task_all" } },
  "task.extension_requested": { kind: "extension_requested", audience: { to: "chair" } },
  "task.extension_approved": { kind: "extension_decided", audience: { to: "agency", which: "task_lead" } },
  "task.extension_rejected": { kind: "extension_decided", audience: { to: "agency", which: "task_lead" } },
  "task.completion_reported": { kind: "completion_reported", audience: { to: "chair" } },
  "task.completion_accepted": { kind: "completion_decided", audience: { to: "agency", which: "task_lead" } },
  "task.completion_returned": { kind: "completion_decided", audience: { to: "agency", which: "task_lead" } },
  "meeting.publish_agenda": { kind: "agenda_published", audience: { to: "series_agencies" } },
  "meeting.issue_notice": { kind: "notice_issued", audience: { to: "series_agencies" } },
};

/**
 * The rule for an audit event, if anyone is to be told. A task created
 * live (a blocker referred to an agency) is an assignment too; a task
 * created as a draft in session is not, until its notice is issued.
 */
export function ruleFor(action: string, after: unknown): EventRule | null {
  if (action === "task.created") {
    const status = after && typeof after === "object" ? (after as { status?: unknown }).status : undefined;
    return status === "in_progress" ? { kind: "task_assigned", audience: { to: "agency", which: "task_all" } } : null;
  }
  return rules[action] ?? null;
}

/** Where the notification leads. */
export function linkFor(entityType: string, entityId: number | null): string {
  if (entityId === null) return "/";
  switch (entityType) {
    case "blocker":
      return `/blockers/${entityId}`;
    case "task":
      return `/tasks/${entityId}`;
    case "meeting":
      return `/meetings/${entityId}`;
    default:
      return "/";
  }
}

/** Recipients, less the person who acted (nobody is told of their own act), each once. */
export function recipients(userIds: readonly number[], actorUserId: number | null): number[] {
  return [...new Set(userIds)].filter((id) => id !== actorUserId);
}

/** The outcome word of a decision event, for "{outcome}" in the message. */
export function outcomeOf(action: string): string | null {
  const m =
    /^(?:blocker\.(accepted|merged|referred|returned|declined)|task\.extension_(approved|rejected)|task\.(completion_accepted|completion_returned))$/.exec(
      action,
    );
  return m ? (m[1] ?? m[2] ?? m[3]) : null;
}

export interface NotificationParams {
  title: string;
  outcome?: string;
  reason?: string;
  deadline?: string;
  cutoff?: string;
  count?: number;
}

type Translate = (key: string, params?: Record<string, string | number>) => string;

/** The one-line message of a notification, in the reader's language. */
export function messageOf(t: Translate, kind: NotificationKind, p: NotificationParams): string {
  const outcome = p.outcome ? t(`notify.outcome.${p.outcome}`) : "";
  const line = t(`notify.${kind}`, { title: p.title, outcome, deadline: p.deadline ?? "", cutoff: p.cutoff ?? "", count: p.count ?? 0 });
  return p.reason ? `${line} ${t("notify.reason", { reason: p.reason })}` : line;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** Plain text plus simple HTML, with the link to the record and how to change preferences. */
export function renderEmail(
  t: Translate,
  kind: NotificationKind,
  p: NotificationParams,
  o: { name: string; link: string; preferencesLink: string; appName: string },
): { subject: string; text: string; html: string } {
  const message = messageOf(t, kind, p);
  const subject = `[${o.appName}] ${message}`.slice(0, 200);
  const text = [
    t("email.greeting", { name: o.name }),
    "",
    message,
    "",
    t("email.open", { link: o.link }),
    "",
    "--",
    t("email.footer", { link: o.preferencesLink }),
  ].join("\n");
  const html = [
    `<p>${escapeHtml(t("email.greeting", { name: o.name }))}</p>`,
    `<p>${escapeHtml(message)}</p>`,
    `<p><a href="${escapeHtml(o.link)}">${escapeHtml(o.link)}</a></p>`,
    `<hr><p style="color:#555;font-size:12px">${escapeHtml(t("email.footer", { link: o.preferencesLink }))}</p>`,
  ].join("\n");
  return { subject, text, html };
}
