import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { FormAlert, SelectField, TextField } from "~/components/field";
import { FormKey } from "~/components/form-key";
import type { MessageKey } from "~/i18n";
import { AgendaActionSchema } from "~/features/agenda/agenda-schemas";
import {
  addCustomItem,
  editAgendaItem,
  listAgenda,
  moveAgendaItem,
  rebuildAgenda,
  removeAgendaItem,
  restoreAgendaItem,
  type AgendaRow,
} from "~/features/agenda/agenda.server";
import { acceptsSubmissions, agendaEditable, recordsLocked } from "~/features/meetings/meetings-rules";
import { getMeeting } from "~/features/meetings/meetings.server";
import { requireUser } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/dates";
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
  const office = can(user, "agenda:edit", { seriesId: meeting.seriesId });
  const published = !agendaEditable(meeting.status);
  const canEdit = office && !published;
  const visible = office || published;
  // Conclusions are published by the notice; until then they are the office's.
  const conclusionsShown = office || recordsLocked(meeting.status);
  return {
    meetingId: meeting.id,
    agendaBuiltAt: meeting.agendaBuiltAt,
    canEdit,
    visible,
    // Before the agenda is out, an agency's next step is to send its blockers.
    inviteBlockers: acceptsSubmissions(meeting.status) && can(user, "blocker:draft", { agencyId: user.agencyId ?? undefined }),
    cutoffAt: meeting.cutoffAt,
    myAgencyId: user.agencyId,
    items: visible ? (await listAgenda(meeting.id)).map((item) => (conclusionsShown ? item : withoutConclusion(item))) : [],
    agencies: canEdit ? await activeAgencyOptions(user.locale) : [],
  };
}

/** Conclusions are published by the notice; until then they are the office's. */
function withoutConclusion(item: AgendaRow): AgendaRow {
  return { ...item, conclusion: null, conclusionId: null, conclusionVersion: null };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const meeting = (await getMeeting(idParam(params, "meetingId"))) ?? notFound();
  requirePermission(user, "agenda:edit", { seriesId: meeting.seriesId });
  const form = await readForm(request);
  const parsed = parseForm(AgendaActionSchema, form);
  if (!parsed.ok) return formFailure(form, { errors: parsed.errors });
  const input = parsed.data;
  const options = { formKey: formKeyOf(request, form) };
  const back = (hash = "") => redirect(`/meetings/${meeting.id}?saved=1${hash}`);
  // A wrong field goes back to its form; a locked agenda or a stale edit is the
  // error page's, as it has always been: there is nothing on the form to correct.
  switch (input.intent) {
    case "build": {
      const built = valueOrThrow(await rebuildAgenda(user, meeting.id, options));
      return redirect(`/meetings/${meeting.id}?added=${built.added}&dropped=${built.dropped}`);
    }
    case "move":
      valueOrThrow(await moveAgendaItem(user, meeting.id, input.itemId, input.direction, options));
      return back(`#item-${input.itemId}`);
    case "edit":
      return respondFields(form, await editAgendaItem(user, meeting.id, input.itemId, input, options), () => back(`#item-${input.itemId}`));
    case "remove":
      valueOrThrow(await removeAgendaItem(user, meeting.id, input.itemId, input.reason, options));
      return back();
    case "restore":
      valueOrThrow(await restoreAgendaItem(user, meeting.id, input.itemId, options));
      return back(`#item-${input.itemId}`);
    case "add":
      return respondFields(form, await addCustomItem(user, meeting.id, input, options), ({ id }) => back(`#item-${id}`));
  }
}

function Reasons({ item }: { item: AgendaRow }) {
  const t = useT();
  return (
    <div className="mt-1 flex flex-wrap gap-1 text-xs">
      {item.reasons.map((r) => (
        <span key={r} className={`badge ${r === "overdue" ? "bg-red-700 text-white" : "bg-stone-100 text-stone-800 border border-stone-300"}`}>
          {t(`agenda.reason.${r}`)}
        </span>
      ))}
      {item.kind === "carried_over" && <span className="badge bg-amber-100 text-amber-950">{t("agenda.carried", { count: item.carryCount })}</span>}
      {item.kind === "follow_up_task" && item.carryCount > 0 && (
        <span className="badge bg-amber-100 text-amber-950">{t("agenda.onAgendaBefore", { count: item.carryCount })}</span>
      )}
      {item.source === "manual" && <span className="badge bg-stone-100 text-stone-700">{t("agenda.manual")}</span>}
    </div>
  );
}

function ItemLink({ item }: { item: AgendaRow }) {
  if (item.taskId) return <Link to={`/tasks/${item.taskId}`}>{item.title}</Link>;
  if (item.blockerId) return <Link to={`/blockers/${item.blockerId}`}>{item.title}</Link>;
  return <>{item.title}</>;
}

export default function Agenda() {
  const t = useT();
  const locale = useLocale();
  const { meetingId, items, canEdit, visible, myAgencyId, agencies, agendaBuiltAt, inviteBlockers, cutoffAt } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  if (!visible)
    return (
      <div className="card space-y-3">
        <p>{t("agenda.notPublished")}</p>
        {inviteBlockers && (
          <p>
            <Link to="/blockers/new" className="btn btn-primary">
              {t("home.newBlocker")}
            </Link>{" "}
            <span className="text-sm text-stone-700">{t("meetings.cutoff", { when: formatDateTime(cutoffAt) })}</span>
          </p>
        )}
      </div>
    );
  const live = items.filter((i) => !i.removed);
  const removed = items.filter((i) => i.removed);
  const total = live.reduce((sum, i) => sum + (i.minutes ?? 0), 0);
  const presenterOptions = [{ value: "", label: t("agenda.noPresenter") }, ...agencies];
  // A refused new item comes back open, with what was typed.
  const adding = valueOf(actionData?.values, "intent") === "add" ? actionData?.values : undefined;
  return (
    <div className="space-y-4">
      {params.get("added") !== null && (
        <FormAlert tone="success">{t("agenda.built", { added: params.get("added") ?? 0, dropped: params.get("dropped") ?? 0 })}</FormAlert>
      )}
      {params.get("saved") && <FormAlert tone="success">{t("agenda.saved")}</FormAlert>}
      {actionData?.errors && <FormAlert>{t("common.formInvalid")}</FormAlert>}

      {canEdit && (
        <div className="no-print card space-y-2">
          <Form method="post" className="flex flex-wrap items-center gap-3">
            <FormKey />
            <button type="submit" name="intent" value="build" className="btn btn-primary">
              {items.length ? t("agenda.rebuild") : t("agenda.build")}
            </button>
            {agendaBuiltAt && <span className="text-sm text-stone-600">{t("agenda.builtAt", { when: formatDateTime(agendaBuiltAt) })}</span>}
          </Form>
          <p className="text-sm text-stone-600">{t("agenda.buildHelp")}</p>
        </div>
      )}

      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2>{t("agenda.title")}</h2>
        <span className="text-sm text-stone-600">{t("agenda.totalMinutes", { count: live.length, minutes: total })}</span>
      </div>

      {/* Exports: the agenda as a Word file and as a print page. */}
      {live.length > 0 && (
        <div className="no-print flex flex-wrap gap-2">
          <a className="btn" href={`/meetings/${meetingId}/agenda.docx`}>
            {t("exports.docx")}
          </a>
          <Link className="btn" to={`/meetings/${meetingId}/agenda/print`}>
            {t("exports.print")}
          </Link>
        </div>
      )}

      {live.length === 0 ? (
        <p className="card text-stone-700">{canEdit ? t("agenda.empty") : t("agenda.notPublished")}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="register">
            <thead>
              <tr>
                <th scope="col" className="w-12">
                  {t("agenda.col.no")}
                </th>
                <th scope="col">{t("agenda.col.item")}</th>
                <th scope="col">{t("agenda.col.kind")}</th>
                <th scope="col">{t("agenda.col.presenter")}</th>
                <th scope="col">{t("agenda.col.minutes")}</th>
                {canEdit && (
                  <th scope="col" className="no-print">
                    {t("common.actions")}
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {live.map((item, n) => {
                const mine = myAgencyId !== null && item.presenterAgencyId === myAgencyId;
                return (
                  <tr key={item.id} id={`item-${item.id}`} className={mine ? "bg-yellow-50" : undefined}>
                    <td className="font-semibold">{n + 1}</td>
                    <td>
                      <div className="font-medium">
                        <ItemLink item={item} />
                      </div>
                      <Reasons item={item} />
                      {mine && <div className="mt-1 text-xs font-semibold text-amber-900">★ {t("agenda.concernsYou")}</div>}
                    </td>
                    <td className="text-sm">{t(`agendaKind.${item.kind}` as MessageKey)}</td>
                    <td className="text-sm">{(locale === "vi" ? item.presenterVi : item.presenterEn) ?? t("common.none")}</td>
                    <td className="whitespace-nowrap text-sm">{item.minutes ? t("agenda.minutes", { minutes: item.minutes }) : t("common.none")}</td>
                    {canEdit && (
                      <td className="no-print">
                        <div className="flex flex-wrap gap-1">
                          <Form method="post">
                            <FormKey />
                            <input type="hidden" name="itemId" value={item.id} />
                            <input type="hidden" name="direction" value="up" />
                            <button
                              type="submit"
                              name="intent"
                              value="move"
                              className="btn min-h-9 px-2 py-1"
                              disabled={n === 0}
                              aria-label={t("agenda.moveUpLabel", { no: n + 1 })}
                            >
                              ↑ {t("agenda.moveUp")}
                            </button>
                          </Form>
                          <Form method="post">
                            <FormKey />
                            <input type="hidden" name="itemId" value={item.id} />
                            <input type="hidden" name="direction" value="down" />
                            <button
                              type="submit"
                              name="intent"
                              value="move"
                              className="btn min-h-9 px-2 py-1"
                              disabled={n === live.length - 1}
                              aria-label={t("agenda.moveDownLabel", { no: n + 1 })}
                            >
                              ↓ {t("agenda.moveDown")}
                            </button>
                          </Form>
                        </div>
                        <details className="mt-2">
                          <summary className="cursor-pointer text-sm text-blue-800">{t("agenda.edit")}</summary>
                          <Form method="post" className="mt-2 w-72">
                            <FormKey />
                            <input type="hidden" name="itemId" value={item.id} />
                            <input type="hidden" name="version" value={item.version} />
                            {item.source === "manual" && (
                              <TextField label={t("agenda.field.title")} name="title" id={`title-${item.id}`} defaultValue={item.title} maxLength={500} />
                            )}
                            <SelectField
                              label={t("agenda.field.presenter")}
                              name="presenterAgencyId"
                              id={`presenter-${item.id}`}
                              options={presenterOptions}
                              defaultValue={item.presenterAgencyId ? String(item.presenterAgencyId) : ""}
                            />
                            <TextField
                              label={t("agenda.field.minutes")}
                              name="minutes"
                              id={`minutes-${item.id}`}
                              type="number"
                              min={1}
                              max={600}
                              defaultValue={item.minutes ?? ""}
                            />
                            <button type="submit" name="intent" value="edit" className="btn">
                              {t("common.save")}
                            </button>
                          </Form>
                          <Form method="post" className="mt-3 w-72 border-t border-stone-200 pt-2">
                            <FormKey />
                            <input type="hidden" name="itemId" value={item.id} />
                            <TextField label={t("agenda.removeReason")} name="reason" id={`reason-${item.id}`} required maxLength={1000} />
                            <button type="submit" name="intent" value="remove" className="btn btn-danger">
                              {t("agenda.remove")}
                            </button>
                          </Form>
                        </details>
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      {canEdit && (
        <details className="no-print card" open={adding !== undefined}>
          <summary className="cursor-pointer font-semibold">{t("agenda.addTitle")}</summary>
          <Form method="post" className="mt-3 max-w-xl">
            <FormKey />
            <TextField
              label={t("agenda.field.title")}
              name="title"
              required
              maxLength={500}
              defaultValue={valueOf(adding, "title")}
              error={actionData?.errors?.title}
            />
            <SelectField
              label={t("agenda.field.kind")}
              name="kind"
              defaultValue={valueOf(adding, "kind")}
              options={[
                { value: "report", label: t("agendaKind.report") },
                { value: "other", label: t("agendaKind.other") },
              ]}
            />
            <SelectField
              label={t("agenda.field.presenter")}
              name="presenterAgencyId"
              defaultValue={valueOf(adding, "presenterAgencyId")}
              options={presenterOptions}
              error={adding ? actionData?.errors?.presenterAgencyId : undefined}
            />
            <TextField
              label={t("agenda.field.minutes")}
              name="minutes"
              type="number"
              min={1}
              max={600}
              defaultValue={valueOf(adding, "minutes") ?? 10}
              error={actionData?.errors?.minutes}
            />
            <button type="submit" name="intent" value="add" className="btn btn-primary">
              {t("agenda.add")}
            </button>
          </Form>
        </details>
      )}

      {removed.length > 0 && (canEdit || removed.length > 0) && (
        <section className="card">
          <h3 className="font-semibold">{t("agenda.removed")}</h3>
          <ul className="mt-2 space-y-2 text-sm">
            {removed.map((item) => (
              <li key={item.id} id={`item-${item.id}`} className="flex flex-wrap items-center gap-3">
                <span className="line-through">{item.title}</span>
                <span className="text-stone-600">{t("agenda.removedReason", { reason: item.removedReason ?? "" })}</span>
                {canEdit && (
                  <Form method="post">
                    <FormKey />
                    <input type="hidden" name="itemId" value={item.id} />
                    <button type="submit" name="intent" value="restore" className="btn min-h-9 py-1">
                      {t("agenda.restore")}
                    </button>
                  </Form>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
