import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import type { z } from "zod";
import { ErrorPage } from "~/components/error-page";
import { FormAlert } from "~/components/field";
import { HistoryList } from "~/components/history-list";
import { recordHistory } from "~/features/audit/audit.server";
import { CancelSection } from "~/features/tasks/components/cancel-section";
import { CompletionSection } from "~/features/tasks/components/completion-section";
import { ExtensionSection } from "~/features/tasks/components/extension-section";
import { ProgressSection } from "~/features/tasks/components/progress-section";
import { TaskFacts } from "~/features/tasks/components/task-facts";
import { TaskHeader } from "~/features/tasks/components/task-header";
import { doneLocation, doneMessage, progressPermission, replyFor, taskPageAbilities, type TaskActionReply } from "~/features/tasks/task-page-rules";
import { trackingStatus } from "~/features/tasks/tasks-rules";
import {
  cancelSchema,
  completionDecisionSchema,
  completionReportSchema,
  extensionDecisionSchema,
  extensionRequestSchema,
  intentSchema,
  progressSchema,
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
} from "~/features/tasks/tasks.server";
import type { SessionUser } from "~/utils/auth.server";
import { requireUser } from "~/utils/auth.server";
import { vnToday } from "~/utils/dates";
import { formValues, parseForm } from "~/utils/forms";
import { getLocale, getTranslator } from "~/utils/i18n.server";
import { idParam } from "~/utils/params.server";
import type { Action as Permission } from "~/utils/permissions";
import { notFound, requirePermission } from "~/utils/permissions.server";
import { readForm } from "~/utils/request-body.server";
import { formFailure, respond, type FormFailure } from "~/utils/respond.server";
import { useT } from "~/utils/use-t";
import { formKeyOf, type Outcome } from "~/utils/write.server";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d?.title ?? "Giao ban" }];

/** The task in the URL, if this user may see it; anyone else gets the same 404 as for a task that does not exist. */
async function requireVisibleTask(user: SessionUser, params: LoaderFunctionArgs["params"]): Promise<TaskAccess> {
  const access = await loadTaskAccess(idParam(params, "taskId"));
  if (!access || !canSeeTask(user, access.resource)) notFound();
  requirePermission(user, "task:read", access.resource);
  return access;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const access = await requireVisibleTask(user, params);
  const locale = await getLocale(request, user);
  const t = await getTranslator(request, user);
  const detail = await getTaskDetail(access.id, locale);
  if (!detail) notFound();
  // Filtered by the reader: a task's draft days are the office's.
  const history = await recordHistory(user, { kind: "task", id: access.id, seriesId: access.seriesId, agencyId: access.leadAgencyId, status: access.status });
  const today = vnToday();
  const pendingExtension = detail.extensions.some((x) => x.status === "pending");
  return {
    title: `${t("tasks.number", { id: access.id })}: ${detail.task.title} · ${t("app.name")}`,
    today,
    detail,
    history,
    may: taskPageAbilities(user, access, pendingExtension, today),
    tracking: trackingStatus(access, today),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const task = await requireVisibleTask(user, params);
  const form = await readForm(request);
  const parsedIntent = parseForm(intentSchema, form);
  // No intent of this page: a bad request (400) with a message for the page, not a conflict (formFailure's 409).
  if (!parsedIntent.ok) return data<FormFailure>({ intent: null, formError: "tasks.error.unknownIntent", values: formValues(form) }, { status: 400 });
  const intent = parsedIntent.data.intent;
  const today = vnToday();
  const options = { formKey: formKeyOf(request, form) };

  /**
   * Every intent: the guard, then the form's schema, then the change. A form
   * sent twice with its key gets the first one's redirect; a refusal comes
   * back to its form (400 with field errors, 409 with a message).
   */
  async function run<S extends z.ZodType, V>(permission: Permission, schema: S, change: (input: z.output<S>) => Promise<Outcome<V>>) {
    requirePermission(user, permission, task.resource);
    const parsed = parseForm(schema, form);
    if (!parsed.ok) return formFailure(form, { errors: parsed.errors });
    return respond(form, await change(parsed.data), () => redirect(doneLocation(task.id, intent)));
  }

  switch (intent) {
    case "report-progress":
      return run(progressPermission(user, task), progressSchema(today), (input) => reportProgress(user, task.id, input, today, options));
    case "request-extension":
      return run("task:request-extension", extensionRequestSchema(today), (input) => requestExtension(user, task.id, input, today, options));
    case "approve-extension":
    case "reject-extension": {
      const approve = intent === "approve-extension";
      return run("extension:decide", extensionDecisionSchema(approve), (input) => decideExtension(user, task.id, approve, input, today, options));
    }
    case "report-completion":
      return run("task:report-completion", completionReportSchema(today), (input) => reportCompletion(user, task.id, input, today, options));
    case "accept-completion":
    case "return-completion": {
      const accept = intent === "accept-completion";
      return run("completion:decide", completionDecisionSchema(accept), (input) => decideCompletion(user, task.id, accept, input, today, options));
    }
    case "cancel":
      return run("task:cancel", cancelSchema, (input) => cancelTask(user, task.id, input, today, options));
  }
}

export default function TaskPage() {
  const t = useT();
  const { detail, history, may, tracking, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as TaskActionReply | undefined;
  const [params] = useSearchParams();
  const done = doneMessage(params.get("done"));
  const { task } = detail;
  const pendingExtension = detail.extensions.find((x) => x.status === "pending");
  const pendingCompletion = detail.completions.find((c) => c.status === "pending");

  return (
    <div className="mx-auto max-w-5xl space-y-5" id="top">
      <TaskHeader task={task} tracking={tracking} extensionPending={pendingExtension !== undefined} />

      {done && <FormAlert tone="success">{t(done)}</FormAlert>}
      {actionData && actionData.intent === null && actionData.formError && <FormAlert>{t(actionData.formError)}</FormAlert>}

      <TaskFacts task={task} />
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

export function ErrorBoundary() {
  return <ErrorPage />;
}
