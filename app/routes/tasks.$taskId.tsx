import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import type { z } from "zod";
import { ErrorPage } from "~/components/error-page";
import { FormAlert, TextAreaField, TextField } from "~/components/field";
import { HistoryList } from "~/components/history-list";
import { Badge, TaskStatusBadge } from "~/components/status-badge";
import { recordHistory } from "~/features/audit/audit.server";
import { applyTaskMove, trackingStatus, type TaskFacts } from "~/features/tasks/tasks-rules";
import {
  cancelSchema,
  completionDecisionSchema,
  completionReportSchema,
  extensionDecisionSchema,
  extensionRequestSchema,
  intentSchema,
  progressSchema,
  TASK_INTENTS,
  type TaskIntent,
} from "~/features/tasks/tasks-schemas";
import {
  cancelTask,
  canSeeTask,
  decideCompletion,
  decideExtension,
  getTaskDetail,
  loadTaskAccess,
  reportCompletion,
  reportProgress,
  requestExtension,
  type TaskAccess,
  type WriteOutcome,
} from "~/features/tasks/tasks.server";
import type { MessageKey } from "~/i18n";
import type { SessionUser } from "~/utils/auth.server";
import { requireUser } from "~/utils/auth.server";
import { addDaysToDay, formatDateTime, formatShortDate, vnToday } from "~/utils/dates";
import { parseForm, type FieldErrors } from "~/utils/forms";
import { getLocale, getTranslator } from "~/utils/i18n.server";
import { can } from "~/utils/permissions";
import { notFound, requirePermission } from "~/utils/permissions.server";
import { useT } from "~/utils/use-t";
import { readForm } from "~/utils/request-body.server";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d?.title ?? "Giao ban" }];

/** The task in the URL, if this user may see it; anyone else gets the same 404 as for a task that does not exist. */
async function requireVisibleTask(user: SessionUser, raw: string | undefined): Promise<TaskAccess> {
  if (!raw || !/^[1-9]\d{0,9}$/.test(raw)) notFound();
  const access = await loadTaskAccess(Number(raw));
  if (!access || !canSeeTask(user, access.resource)) notFound();
  requirePermission(user, "task:read", access.resource);
  return access;
}

/** A date far enough ahead to ask "could an extension be requested at all" of the rules. */
const ANY_LATER_DAY = "9999-12-31";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const access = await requireVisibleTask(user, params.taskId);
  const locale = await getLocale(request, user);
  const t = await getTranslator(request, user);
  const detail = await getTaskDetail(access.id, locale);
  if (!detail) notFound();
  // Filtered by the reader: a task's draft days are the office's.
  const history = await recordHistory(user, { kind: "task", id: access.id, seriesId: access.seriesId, agencyId: access.leadAgencyId, status: access.status });
  const today = vnToday();

  const r = access.resource;
  const facts: TaskFacts = { status: access.status, deadline: access.deadline, completedOn: access.completedOn };
  const pendingExtension = detail.extensions.some((x) => x.status === "pending");
  const isLead = user.agencyId !== null && user.agencyId === access.leadAgencyId;
  const allowed = (ok: boolean, move: Parameters<typeof applyTaskMove>[1]) => ok && applyTaskMove(facts, move, today).ok;
  const may = {
    reportProgress: allowed(can(user, isLead ? "task:report-progress" : "task:contribute", r), { kind: "report_progress" }),
    asCoordinator: !isLead,
    requestExtension: can(user, "task:request-extension", r) && access.status === "in_progress" && access.deadline !== null,
    extensionPossible: allowed(true, {
      kind: "request_extension",
      requestedDeadline: ANY_LATER_DAY,
      hasPendingExtension: pendingExtension,
    }),
    reportCompletion: allowed(can(user, "task:report-completion", r), { kind: "report_completion", completedOn: today }),
    decideExtension: pendingExtension && allowed(can(user, "extension:decide", r), { kind: "decide_extension", approve: true }),
    decideCompletion: allowed(can(user, "completion:decide", r), { kind: "return_completion" }),
    cancel: allowed(can(user, "task:cancel", r), { kind: "cancel" }),
  };

  return {
    title: `${t("tasks.number", { id: access.id })}: ${detail.task.title} · ${t("app.name")}`,
    today,
    detail,
    history,
    may,
    tracking: trackingStatus(facts, today),
  };
}

interface ActionReply {
  intent: TaskIntent | null;
  errors?: FieldErrors;
  values?: Record<string, string>;
  formError?: MessageKey;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const task = await requireVisibleTask(user, params.taskId);
  const form = await readForm(request);
  const parsedIntent = parseForm(intentSchema, form);
  if (!parsedIntent.ok) return data<ActionReply>({ intent: null, formError: "tasks.error.unknownIntent" }, { status: 400 });
  const intent = parsedIntent.data.intent;
  const today = vnToday();
  const r = task.resource;

  /** Parse with the form's schema, then write; 400 with field errors and what was typed when it does not parse. */
  async function run<S extends z.ZodType>(schema: S, write: (input: z.output<S>) => Promise<WriteOutcome>) {
    const parsed = parseForm(schema, form);
    const outcome: WriteOutcome = parsed.ok ? await write(parsed.data) : { ok: false, status: 400, errors: parsed.errors };
    if (outcome.ok) return redirect(`/tasks/${task.id}?done=${intent}#${ANCHOR[intent]}`);
    if (outcome.status === 400) {
      const values: Record<string, string> = {};
      for (const [k, v] of form.entries()) if (typeof v === "string" && k !== "intent") values[k] = v.slice(0, 4000);
      return data<ActionReply>({ intent, errors: outcome.errors, values }, { status: 400 });
    }
    return data<ActionReply>({ intent, formError: outcome.messageKey }, { status: 409 });
  }

  switch (intent) {
    case "report-progress": {
      const isLead = user.agencyId !== null && user.agencyId === task.leadAgencyId;
      requirePermission(user, isLead ? "task:report-progress" : "task:contribute", r);
      return run(progressSchema(today), (input) => reportProgress(user, task.id, input, today));
    }
    case "request-extension":
      requirePermission(user, "task:request-extension", r);
      return run(extensionRequestSchema(today), (input) => requestExtension(user, task.id, input, today));
    case "approve-extension":
    case "reject-extension": {
      requirePermission(user, "extension:decide", r);
      const approve = intent === "approve-extension";
      return run(extensionDecisionSchema(approve), (input) => decideExtension(user, task.id, approve, input, today));
    }
    case "report-completion":
      requirePermission(user, "task:report-completion", r);
      return run(completionReportSchema(today), (input) => reportCompletion(user, task.id, input, today));
    case "accept-completion":
    case "return-completion": {
      requirePermission(user, "completion:decide", r);
      const accept = intent === "accept-completion";
      return run(completionDecisionSchema(accept), (input) => decideCompletion(user, task.id, accept, input, today));
    }
    case "cancel":
      requirePermission(user, "task:cancel", r);
      return run(cancelSchema, (input) => cancelTask(user, task.id, input, today));
  }
}

const ANCHOR: Record<TaskIntent, string> = {
  "report-progress": "progress",
  "request-extension": "extensions",
  "approve-extension": "extensions",
  "reject-extension": "extensions",
  "report-completion": "completion",
  "accept-completion": "completion",
  "return-completion": "completion",
  cancel: "top",
};

const DONE_KEY: Record<TaskIntent, MessageKey> = {
  "report-progress": "tasks.done.reportProgress",
  "request-extension": "tasks.done.requestExtension",
  "approve-extension": "tasks.done.approveExtension",
  "reject-extension": "tasks.done.rejectExtension",
  "report-completion": "tasks.done.reportCompletion",
  "accept-completion": "tasks.done.acceptCompletion",
  "return-completion": "tasks.done.returnCompletion",
  cancel: "tasks.done.cancel",
};

const DECISION_TONE = { pending: "warn", approved: "good", rejected: "bad" } as const;

type Reply = ActionReply | undefined;

/** The reply of the last submission, if it came from one of these intents. */
function replyFor(reply: Reply, intents: readonly TaskIntent[]): ActionReply | undefined {
  return reply && reply.intent && intents.includes(reply.intent) ? reply : undefined;
}

export default function TaskPage() {
  const t = useT();
  const { detail, history, may, tracking, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as Reply;
  const [params] = useSearchParams();
  const done = params.get("done");
  const { task } = detail;
  const pendingExtension = detail.extensions.find((x) => x.status === "pending");
  const pendingCompletion = detail.completions.find((c) => c.status === "pending");

  return (
    <div className="mx-auto max-w-5xl space-y-5" id="top">
      <nav aria-label={t("tasks.breadcrumb")} className="text-sm no-print">
        <Link to="/tasks">{t("tasks.register.title")}</Link> <span aria-hidden="true">›</span> {t("tasks.number", { id: task.id })}
      </nav>
      <header>
        <p className="text-sm font-medium text-stone-600">{t("tasks.number", { id: task.id })}</p>
        <h1 className="mt-1">{task.title}</h1>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <TaskStatusBadge status={tracking} />
          {pendingExtension && <Badge tone="warn" label={t("tasks.deadline.extensionPending")} />}
        </div>
      </header>

      {done && (TASK_INTENTS as readonly string[]).includes(done) && <FormAlert tone="success">{t(DONE_KEY[done as TaskIntent])}</FormAlert>}
      {actionData && actionData.intent === null && actionData.formError && <FormAlert>{t(actionData.formError)}</FormAlert>}

      <section className="card" aria-labelledby="facts-title">
        <h2 id="facts-title" className="sr-only">
          {t("tasks.facts.title")}
        </h2>
        <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[14rem_1fr]">
          <Fact label={t("tasks.facts.series")}>{task.seriesName}</Fact>
          <Fact label={t("tasks.col.lead")}>{task.leadAgency}</Fact>
          <Fact label={t("tasks.col.coordinating")}>{task.coordinators.length ? task.coordinators.map((c) => c.name).join("; ") : t("common.none")}</Fact>
          {task.pillar && <Fact label={t("tasks.facts.pillar")}>{t(`pillar.${task.pillar}` as MessageKey)}</Fact>}
          <Fact label={t("tasks.facts.deadline")}>{task.deadline ? <strong>{formatShortDate(task.deadline)}</strong> : t("tasks.noDeadline")}</Fact>
          <Fact label={t("tasks.facts.originalDeadline")}>
            {task.originalDeadline ? formatShortDate(task.originalDeadline) : t("common.none")}
            {task.originalDeadline && task.deadline && task.originalDeadline !== task.deadline && (
              <span className="ml-2 text-sm text-stone-600">{t("tasks.facts.extended")}</span>
            )}
          </Fact>
          {task.completedOn && <Fact label={t("tasks.facts.completedOn")}>{formatShortDate(task.completedOn)}</Fact>}
          <Fact label={t("tasks.facts.expectedResult")}>
            <span className="whitespace-pre-line">{task.expectedResult || t("common.none")}</span>
          </Fact>
          {task.description && (
            <Fact label={t("tasks.facts.description")}>
              <span className="whitespace-pre-line">{task.description}</span>
            </Fact>
          )}
          <Fact label={t("tasks.facts.origin")}>
            {!task.meeting && !task.conclusion && !task.blocker ? (
              t("common.none")
            ) : (
              <ul className="space-y-1">
                {task.meeting && (
                  <li>
                    {t("tasks.origin.meeting")} <Link to={`/meetings/${task.meeting.id}`}>{task.meeting.title}</Link>
                  </li>
                )}
                {task.conclusion && (
                  <li>
                    {t("tasks.origin.conclusion")}{" "}
                    {task.conclusion.meetingId ? (
                      <Link to={`/meetings/${task.conclusion.meetingId}/session#conclusion-${task.conclusion.id}`}>{excerpt(task.conclusion.body)}</Link>
                    ) : (
                      excerpt(task.conclusion.body)
                    )}
                  </li>
                )}
                {task.blocker && (
                  <li>
                    {t("tasks.origin.blocker")} <Link to={`/blockers/${task.blocker.id}`}>{task.blocker.title}</Link>
                  </li>
                )}
              </ul>
            )}
          </Fact>
          {task.reportNextMeeting && <Fact label={t("tasks.facts.reportNextMeeting")}>{t("common.yes")}</Fact>}
          <Fact label={t("tasks.facts.created")}>
            {formatDateTime(task.createdAt)}
            {task.creatorName ? ` · ${task.creatorName}` : ""}
          </Fact>
        </dl>
      </section>

      <ProgressSection detail={detail} may={may} today={today} reply={replyFor(actionData, ["report-progress"])} />
      <ExtensionSection
        detail={detail}
        may={may}
        today={today}
        requestReply={replyFor(actionData, ["request-extension"])}
        decisionReply={replyFor(actionData, ["approve-extension", "reject-extension"])}
        pendingId={pendingExtension?.id ?? null}
      />
      <CompletionSection
        detail={detail}
        may={may}
        today={today}
        reportReply={replyFor(actionData, ["report-completion"])}
        decisionReply={replyFor(actionData, ["accept-completion", "return-completion"])}
        pendingId={pendingCompletion?.id ?? null}
      />
      {may.cancel && <CancelSection version={task.version} reply={replyFor(actionData, ["cancel"])} />}

      <HistoryList entries={history} />
    </div>
  );
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type May = LoaderData["may"];
type Detail = LoaderData["detail"];

const excerpt = (s: string) => (s.length > 140 ? `${s.slice(0, 140)}…` : s);

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="font-medium text-stone-700">{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function SubmitButton({ intent, children, tone = "primary" }: { intent: TaskIntent; children: ReactNode; tone?: "primary" | "plain" | "danger" }) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === intent;
  const cls = tone === "primary" ? "btn btn-primary" : tone === "danger" ? "btn btn-danger" : "btn";
  return (
    <button type="submit" name="intent" value={intent} className={cls} disabled={busy}>
      {children}
    </button>
  );
}

/** A form folded away until wanted; open again when the server sent it back with errors. Works without JavaScript. */
function Disclosure({ title, open, children }: { title: string; open: boolean; children: ReactNode }) {
  return (
    <details className="mt-4 border-t border-stone-200 pt-2" open={open}>
      <summary className="flex min-h-11 cursor-pointer items-center font-semibold text-blue-900">{title}</summary>
      <div className="mt-2">{children}</div>
    </details>
  );
}

function ReplyAlert({ reply }: { reply?: ActionReply }) {
  const t = useT();
  if (!reply) return null;
  if (reply.formError) return <FormAlert>{t(reply.formError)}</FormAlert>;
  if (reply.errors) return <FormAlert>{t("common.formInvalid")}</FormAlert>;
  return null;
}

function ProgressSection({ detail, may, today, reply }: { detail: Detail; may: May; today: string; reply?: ActionReply }) {
  const t = useT();
  const v = reply?.values ?? {};
  return (
    <section className="card" id="progress" aria-labelledby="progress-title">
      <h2 id="progress-title">{t("tasks.progress.title", { count: detail.progress.length })}</h2>
      {detail.progress.length === 0 ? (
        <p className="mt-2 text-stone-600">{t("tasks.progress.empty")}</p>
      ) : (
        <ol className="mt-3 divide-y divide-stone-200">
          {detail.progress.map((p) => (
            <li key={p.id} className="py-3">
              <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1 text-sm">
                <span className="font-semibold tabular-nums">{formatShortDate(p.reportDate)}</span>
                <span>{p.agency}</span>
                <Badge tone={p.isLead ? "info" : "neutral"} label={t(p.isLead ? "tasks.progress.lead" : "tasks.progress.coordinating")} />
                {p.percent !== null && <span className="font-medium tabular-nums">{t("tasks.progress.percent", { percent: p.percent })}</span>}
                <span className="text-stone-600">{p.authorName}</span>
              </div>
              <p className="mt-1 whitespace-pre-line">{p.body}</p>
            </li>
          ))}
        </ol>
      )}
      {may.reportProgress && (
        <Form method="post" className="mt-4 border-t border-stone-200 pt-4" key={`progress-${detail.progress.length}`} noValidate>
          <h3 className="mb-3 font-semibold">{t(may.asCoordinator ? "tasks.progress.formContribute" : "tasks.progress.form")}</h3>
          <ReplyAlert reply={reply} />
          <TextAreaField label={t("tasks.progress.body")} name="body" error={reply?.errors?.body} defaultValue={v.body ?? ""} required maxLength={4000} />
          <div className="grid gap-x-4 sm:grid-cols-2">
            <TextField
              label={t("tasks.progress.percentLabel")}
              name="percent"
              type="number"
              inputMode="numeric"
              min={0}
              max={100}
              step={1}
              hint={t("tasks.progress.percentHint")}
              error={reply?.errors?.percent}
              defaultValue={v.percent ?? ""}
            />
            <TextField
              label={t("tasks.progress.reportDate")}
              name="reportDate"
              type="date"
              max={today}
              error={reply?.errors?.reportDate}
              defaultValue={v.reportDate ?? today}
            />
          </div>
          <SubmitButton intent="report-progress">{t("tasks.progress.submit")}</SubmitButton>
        </Form>
      )}
    </section>
  );
}

function ExtensionSection({
  detail,
  may,
  today,
  requestReply,
  decisionReply,
  pendingId,
}: {
  detail: Detail;
  may: May;
  today: string;
  requestReply?: ActionReply;
  decisionReply?: ActionReply;
  pendingId: number | null;
}) {
  const t = useT();
  const { task } = detail;
  const rv = requestReply?.values ?? {};
  const dv = decisionReply?.values ?? {};
  const earliest = task.deadline && addDaysToDay(task.deadline, 1) > today ? addDaysToDay(task.deadline, 1) : today;
  return (
    <section className="card" id="extensions" aria-labelledby="extensions-title">
      <h2 id="extensions-title">{t("tasks.extension.title", { count: detail.extensions.length })}</h2>
      {detail.extensions.length === 0 ? (
        <p className="mt-2 text-stone-600">{t("tasks.extension.empty")}</p>
      ) : (
        <ol className="mt-3 divide-y divide-stone-200">
          {detail.extensions.map((x) => (
            <li key={x.id} className="py-3" data-extension-id={x.id}>
              <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
                <span className="font-semibold">
                  {t("tasks.extension.fromTo", {
                    from: x.previousDeadline ? formatShortDate(x.previousDeadline) : t("common.none"),
                    to: formatShortDate(x.requestedDeadline),
                  })}
                </span>
                <Badge tone={DECISION_TONE[x.status]} label={t(`decision.${x.status}` as MessageKey)} />
              </div>
              <p className="mt-1 text-sm text-stone-600">{t("tasks.byOn", { name: x.authorName, date: formatDateTime(x.createdAt) })}</p>
              <p className="mt-1 whitespace-pre-line">
                <span className="font-medium">{t("tasks.extension.reason")}: </span>
                {x.reason}
              </p>
              {x.status !== "pending" && (
                <p className="mt-1 text-sm">
                  {t("tasks.decidedBy", {
                    name: x.deciderName ?? t("history.system"),
                    date: x.decidedAt ? formatDateTime(x.decidedAt) : "",
                  })}
                  {x.decisionReason && <span className="whitespace-pre-line"> — {x.decisionReason}</span>}
                </p>
              )}
            </li>
          ))}
        </ol>
      )}

      {may.decideExtension && pendingId !== null && (
        <Form method="post" className="mt-4 border-t border-stone-200 pt-4" key={`decide-ext-${pendingId}`} noValidate>
          <h3 className="mb-3 font-semibold">{t("tasks.extension.decideTitle")}</h3>
          <ReplyAlert reply={decisionReply} />
          <input type="hidden" name="extensionId" value={pendingId} />
          <input type="hidden" name="version" value={task.version} />
          <TextAreaField
            label={t("tasks.extension.decisionReason")}
            name="decisionReason"
            hint={t("tasks.extension.decisionReasonHint")}
            error={decisionReply?.errors?.decisionReason}
            defaultValue={dv.decisionReason ?? ""}
            maxLength={2000}
          />
          <div className="flex flex-wrap gap-2">
            <SubmitButton intent="approve-extension">{t("tasks.extension.approve")}</SubmitButton>
            <SubmitButton intent="reject-extension" tone="danger">
              {t("tasks.extension.reject")}
            </SubmitButton>
          </div>
        </Form>
      )}

      {may.requestExtension &&
        (may.extensionPossible ? (
          <Disclosure title={t("tasks.extension.requestTitle")} open={requestReply !== undefined} key={`request-ext-${detail.extensions.length}`}>
            <Form method="post" noValidate>
              <ReplyAlert reply={requestReply} />
              <input type="hidden" name="version" value={task.version} />
              <TextField
                label={t("tasks.extension.requestedDeadline")}
                name="requestedDeadline"
                type="date"
                min={earliest}
                required
                hint={task.deadline ? t("tasks.extension.currentDeadline", { date: formatShortDate(task.deadline) }) : undefined}
                error={requestReply?.errors?.requestedDeadline}
                defaultValue={rv.requestedDeadline ?? ""}
              />
              <TextAreaField
                label={t("tasks.extension.reason")}
                name="reason"
                required
                error={requestReply?.errors?.reason}
                defaultValue={rv.reason ?? ""}
                maxLength={2000}
              />
              <SubmitButton intent="request-extension">{t("tasks.extension.submit")}</SubmitButton>
            </Form>
          </Disclosure>
        ) : (
          pendingId !== null && <p className="mt-4 text-sm text-stone-700">{t("tasks.extension.waiting")}</p>
        ))}
    </section>
  );
}

function CompletionSection({
  detail,
  may,
  today,
  reportReply,
  decisionReply,
  pendingId,
}: {
  detail: Detail;
  may: May;
  today: string;
  reportReply?: ActionReply;
  decisionReply?: ActionReply;
  pendingId: number | null;
}) {
  const t = useT();
  const { task } = detail;
  const rv = reportReply?.values ?? {};
  const dv = decisionReply?.values ?? {};
  const pending = detail.completions.find((c) => c.id === pendingId);
  const lateAgainst = pending && task.deadline && pending.completedOn > task.deadline ? task.deadline : null;
  return (
    <section className="card" id="completion" aria-labelledby="completion-title">
      <h2 id="completion-title">{t("tasks.completion.title", { count: detail.completions.length })}</h2>
      {detail.completions.length === 0 ? (
        <p className="mt-2 text-stone-600">{t("tasks.completion.empty")}</p>
      ) : (
        <ol className="mt-3 divide-y divide-stone-200">
          {detail.completions.map((c) => (
            <li key={c.id} className="py-3" data-completion-id={c.id}>
              <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
                <span className="font-semibold">{t("tasks.completion.on", { date: formatShortDate(c.completedOn) })}</span>
                <Badge tone={DECISION_TONE[c.status]} label={t(`tasks.completion.status.${c.status}` as MessageKey)} />
              </div>
              <p className="mt-1 text-sm text-stone-600">{t("tasks.byOn", { name: c.authorName, date: formatDateTime(c.createdAt) })}</p>
              <p className="mt-1 whitespace-pre-line">
                <span className="font-medium">{t("tasks.completion.result")}: </span>
                {c.result}
              </p>
              <p className="mt-1 whitespace-pre-line">
                <span className="font-medium">{t("tasks.completion.evidence")}: </span>
                {c.evidence}
              </p>
              {c.status !== "pending" && (
                <p className="mt-1 text-sm">
                  {t("tasks.decidedBy", {
                    name: c.deciderName ?? t("history.system"),
                    date: c.decidedAt ? formatDateTime(c.decidedAt) : "",
                  })}
                  {c.decisionReason && <span className="whitespace-pre-line"> — {c.decisionReason}</span>}
                </p>
              )}
            </li>
          ))}
        </ol>
      )}

      {may.decideCompletion && pendingId !== null && (
        <Form method="post" className="mt-4 border-t border-stone-200 pt-4" key={`decide-completion-${pendingId}`} noValidate>
          <h3 className="mb-3 font-semibold">{t("tasks.completion.decideTitle")}</h3>
          {lateAgainst && <p className="mb-3 text-sm text-amber-900">{t("tasks.completion.willBeLate", { date: formatShortDate(lateAgainst) })}</p>}
          <ReplyAlert reply={decisionReply} />
          <input type="hidden" name="completionId" value={pendingId} />
          <input type="hidden" name="version" value={task.version} />
          <TextAreaField
            label={t("tasks.completion.returnReason")}
            name="returnReason"
            hint={t("tasks.completion.returnReasonHint")}
            error={decisionReply?.errors?.returnReason}
            defaultValue={dv.returnReason ?? ""}
            maxLength={2000}
          />
          <div className="flex flex-wrap gap-2">
            <SubmitButton intent="accept-completion">{t("tasks.completion.accept")}</SubmitButton>
            <SubmitButton intent="return-completion" tone="danger">
              {t("tasks.completion.return")}
            </SubmitButton>
          </div>
        </Form>
      )}

      {may.reportCompletion && (
        <Disclosure title={t("tasks.completion.reportTitle")} open={reportReply !== undefined} key={`report-completion-${detail.completions.length}`}>
          <Form method="post" noValidate>
            <ReplyAlert reply={reportReply} />
            <input type="hidden" name="version" value={task.version} />
            <TextAreaField
              label={t("tasks.completion.result")}
              name="result"
              required
              error={reportReply?.errors?.result}
              defaultValue={rv.result ?? ""}
              maxLength={4000}
            />
            <TextAreaField
              label={t("tasks.completion.evidence")}
              name="evidence"
              required
              hint={t("tasks.completion.evidenceHint")}
              error={reportReply?.errors?.evidence}
              defaultValue={rv.evidence ?? ""}
              maxLength={2000}
            />
            <TextField
              label={t("tasks.completion.completedOn")}
              name="completedOn"
              type="date"
              max={today}
              error={reportReply?.errors?.completedOn}
              defaultValue={rv.completedOn ?? today}
            />
            <SubmitButton intent="report-completion">{t("tasks.completion.submit")}</SubmitButton>
          </Form>
        </Disclosure>
      )}
    </section>
  );
}

function CancelSection({ version, reply }: { version: number; reply?: ActionReply }) {
  const t = useT();
  return (
    <details className="card" open={reply !== undefined} id="cancel">
      <summary className="cursor-pointer font-semibold min-h-11 flex items-center">{t("tasks.cancel.title")}</summary>
      <Form method="post" className="mt-3" noValidate>
        <p className="mb-3 text-sm text-stone-700">{t("tasks.cancel.help")}</p>
        <ReplyAlert reply={reply} />
        <input type="hidden" name="version" value={version} />
        <TextAreaField
          label={t("tasks.cancel.reason")}
          name="cancelReason"
          required
          error={reply?.errors?.cancelReason}
          defaultValue={reply?.values?.cancelReason ?? ""}
          maxLength={2000}
        />
        <SubmitButton intent="cancel" tone="danger">
          {t("tasks.cancel.submit")}
        </SubmitButton>
      </Form>
    </details>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
