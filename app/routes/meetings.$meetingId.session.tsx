import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { ErrorPage } from "~/components/error-page";
import { FormAlert, SelectField, TextAreaField, TextField } from "~/components/field";
import { FormKey } from "~/components/form-key";
import { listAgenda } from "~/features/agenda/agenda.server";
import { ConclusionSchema, DeleteTaskSchema, NewTaskSchema, NotReachedSchema } from "~/features/conclusions/conclusions-schemas";
import {
  createTaskFromConclusion,
  deleteDraftTask,
  markNotReached,
  recordConclusion,
  tasksOfMeeting,
  type ConclusionConflict,
} from "~/features/conclusions/conclusions.server";
import { recordsLocked, sessionOpen } from "~/features/meetings/meetings-rules";
import { getMeeting } from "~/features/meetings/meetings.server";
import { requireUser } from "~/utils/auth.server";
import { formatShortDate } from "~/utils/dates";
import { parseForm, valueOf } from "~/utils/forms";
import { activeAgencyOptions } from "~/utils/lookups.server";
import { idParam } from "~/utils/params.server";
import { can } from "~/utils/permissions";
import { requirePermission, notFound } from "~/utils/permissions.server";
import { useLocale, useT } from "~/utils/use-t";
import { readForm } from "~/utils/request-body.server";
import { formFailure, respondFields, valueOrThrow } from "~/utils/respond.server";
import { formKeyOf } from "~/utils/write.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const meeting = (await getMeeting(idParam(params, "meetingId"))) ?? notFound();
  const office = can(user, "conclusion:record", { seriesId: meeting.seriesId });
  const issued = recordsLocked(meeting.status);
  const started = sessionOpen(meeting.status) || meeting.status === "concluded" || issued;
  const visible = started && (office || issued);
  return {
    meetingId: meeting.id,
    status: meeting.status,
    office,
    started,
    visible,
    canRecord: office && (sessionOpen(meeting.status) || meeting.status === "concluded"),
    canAmend: office && issued,
    canMarkNotReached: office && sessionOpen(meeting.status),
    items: visible ? (await listAgenda(meeting.id)).filter((i) => !i.removed) : [],
    tasks: visible ? await tasksOfMeeting(meeting.id) : [],
    agencies: office && !issued ? await activeAgencyOptions(user.locale) : [],
  };
}

const SessionActionSchema = z.discriminatedUnion("intent", [ConclusionSchema, NotReachedSchema, NewTaskSchema, DeleteTaskSchema], {
  error: "validation.invalidChoice",
});

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const meeting = (await getMeeting(idParam(params, "meetingId"))) ?? notFound();
  requirePermission(user, "conclusion:record", { seriesId: meeting.seriesId });
  const form = await readForm(request);
  const parsed = parseForm(SessionActionSchema, form);
  if (!parsed.ok) return formFailure(form, { errors: parsed.errors });
  const input = parsed.data;
  const options = { formKey: formKeyOf(request, form) };
  const back = (id: number | null) => redirect(`/meetings/${meeting.id}/session?saved=1${id ? `#item-${id}` : ""}`);
  switch (input.intent) {
    case "conclude": {
      const outcome = await recordConclusion(user, meeting.id, input.itemId, input.body, input.version, options);
      // A stale save comes back to its form with the stored text beside the typed one; any
      // other refusal (the session is over, the item is gone) is the error page's, as before.
      if (!outcome.ok && outcome.status === 409 && outcome.messageKey === "session.conflict") {
        return formFailure(form, { formError: outcome.messageKey, detail: outcome.detail });
      }
      valueOrThrow(outcome);
      return back(input.itemId);
    }
    case "not_reached":
      valueOrThrow(await markNotReached(user, meeting.id, input.itemId, options));
      return back(input.itemId);
    case "add_task":
      return respondFields(form, await createTaskFromConclusion(user, meeting.id, input, options), () => back(input.itemId));
    case "delete_task":
      valueOrThrow(await deleteDraftTask(user, meeting.id, input.taskId, options));
      return back(null);
  }
}

export default function Session() {
  const t = useT();
  const locale = useLocale();
  const { items, tasks, agencies, visible, started, canRecord, canAmend, canMarkNotReached } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  if (!started || !visible) return <p className="card">{t("session.notStarted")}</p>;
  const done = items.filter((i) => i.outcome !== "pending").length;
  return (
    <div className="space-y-4">
      {params.get("saved") && !actionData && <FormAlert tone="success">{t("session.saved")}</FormAlert>}
      {actionData && <FormAlert>{t("common.formInvalid")}</FormAlert>}
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2>{t("session.title")}</h2>
        <span className="text-sm font-medium">{t("session.progress", { done, total: items.length })}</span>
      </div>
      <nav className="no-print flex flex-wrap gap-1 text-sm" aria-label={t("agenda.title")}>
        {items.map((item, n) => (
          <a
            key={item.id}
            href={`#item-${item.id}`}
            className={`btn min-h-9 px-3 py-1 ${item.outcome === "concluded" ? "border-green-700" : item.outcome === "not_reached" ? "border-amber-600" : ""}`}
          >
            {n + 1}
          </a>
        ))}
      </nav>
      <ol className="space-y-4">
        {items.map((item, n) => {
          const mine = tasks.filter((task) => item.conclusionId !== null && task.conclusionId === item.conclusionId);
          const here = actionData && valueOf(actionData.values, "itemId") === String(item.id) ? actionData : undefined;
          const errorsHere = here?.errors;
          const typedIntent = here ? valueOf(here.values, "intent") : undefined;
          const typed = (name: string) => valueOf(here?.values, name);
          // The refusal's detail is what recordConclusion put there.
          const conflictHere = here?.formError === "session.conflict" ? (here.detail as unknown as ConclusionConflict) : null;
          return (
            <li key={item.id} id={`item-${item.id}`} className="card scroll-mt-4">
              <div className="flex flex-wrap items-start justify-between gap-2">
                <h3 className="text-base font-semibold">
                  {n + 1}.{" "}
                  {item.taskId ? (
                    <Link to={`/tasks/${item.taskId}`}>{item.title}</Link>
                  ) : item.blockerId ? (
                    <Link to={`/blockers/${item.blockerId}`}>{item.title}</Link>
                  ) : (
                    item.title
                  )}
                </h3>
                <span className="badge border border-stone-300 bg-stone-100">{t(`agenda.outcome.${item.outcome}`)}</span>
              </div>
              <p className="text-sm text-stone-600">
                {(locale === "vi" ? item.presenterVi : item.presenterEn) ?? ""} {item.minutes ? `· ${t("agenda.minutes", { minutes: item.minutes })}` : ""}
              </p>

              {canRecord || (canAmend && item.conclusion) ? (
                <Form method="post" className="mt-3" id={item.conclusionId ? `conclusion-${item.conclusionId}` : undefined}>
                  <FormKey />
                  <input type="hidden" name="itemId" value={item.id} />
                  <input type="hidden" name="version" value={conflictHere ? conflictHere.version : (item.conclusionVersion ?? 0)} />
                  {conflictHere && (
                    <div role="alert" className="mb-3 rounded border-l-4 border-amber-600 bg-amber-50 p-3 text-sm">
                      <p className="font-semibold">{t("session.conflict")}</p>
                      <p className="mt-2 font-medium">{t("session.conflictCurrent")}</p>
                      <blockquote className="mt-1 whitespace-pre-line border-l-2 border-stone-400 pl-2" data-testid="conflict-current">
                        {conflictHere.current}
                      </blockquote>
                      <p className="mt-2">{t("session.conflictYours")}</p>
                    </div>
                  )}
                  <TextAreaField
                    label={t("session.conclusion")}
                    name="body"
                    id={`body-${item.id}`}
                    hint={canAmend ? t("session.amendHint") : t("session.conclusionHint")}
                    defaultValue={typedIntent === "conclude" ? typed("body") : (item.conclusion ?? "")}
                    error={typedIntent === "conclude" ? errorsHere?.body : undefined}
                    rows={4}
                    maxLength={20000}
                  />
                  <div className="flex flex-wrap gap-2">
                    <button type="submit" name="intent" value="conclude" className="btn btn-primary">
                      {canAmend ? t("session.amend") : t("session.saveConclusion")}
                    </button>
                    {canMarkNotReached && item.outcome !== "concluded" && (
                      <button type="submit" name="intent" value="not_reached" className="btn" formNoValidate>
                        {t("session.notReached")}
                      </button>
                    )}
                  </div>
                </Form>
              ) : (
                item.conclusion && (
                  <div className="mt-3" id={item.conclusionId ? `conclusion-${item.conclusionId}` : undefined}>
                    <h4 className="text-sm font-semibold">{t("session.conclusion")}</h4>
                    <p className="whitespace-pre-line">{item.conclusion}</p>
                  </div>
                )
              )}

              <div className="mt-4">
                <h4 className="text-sm font-semibold">{t("session.tasks")}</h4>
                {mine.length === 0 ? (
                  <p className="text-sm text-stone-600">{t("session.noTasks")}</p>
                ) : (
                  <ul className="mt-1 space-y-2">
                    {mine.map((task) => (
                      <li key={task.id} className="border-l-2 border-blue-800 pl-3 text-sm">
                        <Link to={`/tasks/${task.id}`} className="font-medium">
                          {task.title}
                        </Link>
                        <div>
                          {t("session.task.lead")}: {locale === "vi" ? task.leadVi : task.leadEn}
                          {task.coordinators.length > 0 && (
                            <>
                              {" · "}
                              {t("session.task.coordinators")}: {task.coordinators.map((c) => (locale === "vi" ? c.nameVi : c.nameEn)).join(", ")}
                            </>
                          )}
                        </div>
                        <div>{task.deadline ? t("session.task.deadlineLine", { date: formatShortDate(task.deadline) }) : t("session.task.noDeadline")}</div>
                        {canRecord && task.status === "draft" && (
                          <Form method="post" className="mt-1">
                            <FormKey />
                            <input type="hidden" name="taskId" value={task.id} />
                            <button type="submit" name="intent" value="delete_task" className="btn btn-danger min-h-9 py-1">
                              {t("session.task.delete")}
                            </button>
                          </Form>
                        )}
                      </li>
                    ))}
                  </ul>
                )}
                {canRecord && item.conclusion && (
                  <details className="mt-3" open={typedIntent === "add_task"}>
                    <summary className="cursor-pointer font-medium text-blue-800">{t("session.addTask")}</summary>
                    <Form method="post" className="mt-2 max-w-2xl">
                      <FormKey />
                      <input type="hidden" name="itemId" value={item.id} />
                      <TextField
                        label={t("session.task.title")}
                        name="title"
                        id={`title-${item.id}`}
                        required
                        maxLength={500}
                        defaultValue={typedIntent === "add_task" ? typed("title") : ""}
                        error={errorsHere?.title}
                      />
                      <SelectField
                        label={t("session.task.lead")}
                        name="leadAgencyId"
                        id={`lead-${item.id}`}
                        options={[{ value: "", label: t("session.chooseLead") }, ...agencies]}
                        defaultValue={typedIntent === "add_task" ? typed("leadAgencyId") : item.presenterAgencyId ? String(item.presenterAgencyId) : ""}
                        error={errorsHere?.leadAgencyId}
                        required
                      />
                      <SelectField
                        label={t("session.task.coordinators")}
                        name="coordinatingAgencyIds"
                        id={`coord-${item.id}`}
                        options={agencies}
                        multiple
                        size={6}
                        hint={t("session.task.coordinatorsHint")}
                        error={errorsHere?.coordinatingAgencyIds}
                      />
                      <TextField
                        label={t("session.task.deadline")}
                        name="deadline"
                        id={`deadline-${item.id}`}
                        type="date"
                        defaultValue={typedIntent === "add_task" ? typed("deadline") : ""}
                        error={errorsHere?.deadline}
                      />
                      <TextAreaField label={t("session.task.expected")} name="expectedResult" id={`expected-${item.id}`} rows={2} maxLength={4000} />
                      <label className="mb-4 flex min-h-11 items-center gap-2">
                        <input type="checkbox" name="reportNextMeeting" value="on" />
                        {t("session.task.reportNext")}
                      </label>
                      <button type="submit" name="intent" value="add_task" className="btn btn-primary">
                        {t("session.addTask")}
                      </button>
                    </Form>
                  </details>
                )}
              </div>
            </li>
          );
        })}
      </ol>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
