import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useParams, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { ErrorPage } from "~/components/error-page";
import { FormAlert, TextAreaField, TextField } from "~/components/field";
import { FormKey } from "~/components/form-key";
import { NoticeDocument } from "~/components/notice-document";
import { getMeeting } from "~/features/meetings/meetings.server";
import { NoticeEditSchema } from "~/features/notices/notices-schemas";
import { draftNotice, getNotice, issueNotice, noticeText, updateNotice } from "~/features/notices/notices.server";
import { noticePages, screenPage, withoutConclusions } from "~/features/notices/notices-rules";
import { requireUser } from "~/utils/auth.server";
import { parseForm, valueOf } from "~/utils/forms";
import { idParam } from "~/utils/params.server";
import { can } from "~/utils/permissions";
import { requirePermission, notFound } from "~/utils/permissions.server";
import { useT } from "~/utils/use-t";
import { readForm } from "~/utils/request-body.server";
import { formFailure, valueOrThrow } from "~/utils/respond.server";
import { formKeyOf } from "~/utils/write.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const meeting = (await getMeeting(idParam(params, "meetingId"))) ?? notFound();
  const office = can(user, "notice:draft", { seriesId: meeting.seriesId });
  const notice = await getNotice(meeting.id);
  const issued = notice?.status === "issued";
  // A draft notice is the office's; everyone reads it once issued.
  const visible = notice !== null && (issued || office);
  // The document as the print view and the Word file have it; on screen, a notice of many assignments is read page by page.
  const whole = visible ? await noticeText(meeting, notice) : null;
  const pages = noticePages(whole?.conclusions ?? []);
  const page = screenPage(new URL(request.url).searchParams.get("page"), pages.length);
  return {
    status: meeting.status,
    office,
    canDraft: office && meeting.status === "concluded" && notice === null,
    canEdit: office && notice?.status === "draft",
    canIssue: can(user, "notice:approve", { seriesId: meeting.seriesId }) && notice?.status === "draft" && meeting.status === "concluded",
    notice: visible ? notice : null,
    // The conclusions travel as this page's parts only.
    document: whole && withoutConclusions(whole),
    parts: pages[page - 1],
    page,
    pages: pages.length,
  };
}

const NoticeActionSchema = z.discriminatedUnion(
  "intent",
  [z.object({ intent: z.literal("draft") }), NoticeEditSchema, z.object({ intent: z.literal("issue") })],
  {
    error: "validation.invalidChoice",
  },
);

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const meeting = (await getMeeting(idParam(params, "meetingId"))) ?? notFound();
  const form = await readForm(request);
  const parsed = parseForm(NoticeActionSchema, form);
  if (!parsed.ok) {
    requirePermission(user, "notice:draft", { seriesId: meeting.seriesId });
    return formFailure(form, { errors: parsed.errors });
  }
  const input = parsed.data;
  const options = { formKey: formKeyOf(request, form) };
  // A refusal here (drafted already, issued already, not concluded) has nothing on the form
  // to correct: it goes to the error page, as it always has.
  switch (input.intent) {
    case "draft":
      requirePermission(user, "notice:draft", { seriesId: meeting.seriesId });
      valueOrThrow(await draftNotice(user, meeting.id, options));
      return redirect(`/meetings/${meeting.id}/notice?drafted=1`);
    case "save":
      requirePermission(user, "notice:draft", { seriesId: meeting.seriesId });
      valueOrThrow(await updateNotice(user, meeting.id, input, options));
      return redirect(`/meetings/${meeting.id}/notice?saved=1`);
    case "issue": {
      requirePermission(user, "notice:approve", { seriesId: meeting.seriesId });
      // A doubled click gets the first issue's number back: a notice number is never taken twice.
      const { number } = valueOrThrow(await issueNotice(user, meeting.id, undefined, options));
      return redirect(`/meetings/${meeting.id}/notice?issued=${number}`);
    }
  }
}

export default function NoticePage() {
  const t = useT();
  const { notice, document, parts, page, pages, canDraft, canEdit, canIssue, status, office } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { meetingId } = useParams();
  const errors = actionData?.errors ?? {};
  // What was typed comes back with a refused save, so the editor keeps it.
  const typed = (name: string) => valueOf(actionData?.values, name);
  return (
    <div className="space-y-4">
      {params.get("drafted") && <FormAlert tone="success">{t("notice.drafted")}</FormAlert>}
      {params.get("saved") && <FormAlert tone="success">{t("common.saved")}</FormAlert>}
      {params.get("issued") && <FormAlert tone="success">{t("notice.issued", { number: params.get("issued") ?? "" })}</FormAlert>}
      {actionData?.errors && <FormAlert>{t("common.formInvalid")}</FormAlert>}

      {!notice && (
        <div className="card space-y-3">
          <p>{status === "concluded" && office ? t("notice.none") : t("notice.notYet")}</p>
          {canDraft && (
            <Form method="post">
              <FormKey />
              <button type="submit" name="intent" value="draft" className="btn btn-primary">
                {t("notice.draft")}
              </button>
            </Form>
          )}
        </div>
      )}

      {notice && document && (
        <>
          <div className="no-print flex flex-wrap items-center gap-3">
            <span className={`badge ${notice.status === "issued" ? "bg-green-700 text-white" : "bg-red-100 text-red-900"}`}>
              {notice.status === "issued" ? t("notice.issuedBadge") : t("notice.draftBadge")}
            </span>
            {/* The whole notice as a plain page to print or save as PDF, and as a Word file. */}
            <a className="btn" href={`/meetings/${meetingId}/notice/print`}>
              {t("notice.print")}
            </a>
            <a className="btn" href={`/meetings/${meetingId}/notice.docx`}>
              {t("exports.docx")}
            </a>
            {notice.status === "draft" && !canIssue && <span className="text-sm text-stone-700">{t("notice.waitChair")}</span>}
          </div>

          {canIssue && (
            <Form method="post" className="no-print card space-y-2 border-l-4 border-l-green-700">
              <FormKey />
              <p className="text-sm">{t("notice.issueHelp")}</p>
              <button type="submit" name="intent" value="issue" className="btn btn-primary">
                {t("notice.issue")}
              </button>
            </Form>
          )}

          <NoticePager page={page} pages={pages} label={t("notice.pages")} />
          <div className="overflow-x-auto bg-stone-200 py-6 print:bg-white print:py-0">
            <NoticeDocument {...document} parts={parts} first={page === 1} last={page === pages} />
          </div>

          <NoticePager page={page} pages={pages} label={t("notice.pagesEnd")} />

          {canEdit && (
            <details className="no-print card" open={Boolean(actionData?.errors)}>
              <summary className="cursor-pointer font-semibold">{t("notice.edit")}</summary>
              <Form method="post" className="mt-3 max-w-3xl">
                <FormKey />
                <TextAreaField
                  label={t("notice.field.summary")}
                  name="summary"
                  rows={2}
                  defaultValue={typed("summary") ?? notice.summary}
                  error={errors.summary}
                  maxLength={1000}
                />
                <TextAreaField
                  label={t("notice.field.opening")}
                  name="opening"
                  rows={5}
                  defaultValue={typed("opening") ?? notice.opening}
                  error={errors.opening}
                  maxLength={10000}
                />
                <TextAreaField
                  label={t("notice.field.closing")}
                  name="closing"
                  rows={2}
                  defaultValue={typed("closing") ?? notice.closing}
                  error={errors.closing}
                  maxLength={2000}
                />
                <TextAreaField
                  label={t("notice.field.recipients")}
                  name="recipients"
                  rows={6}
                  defaultValue={typed("recipients") ?? notice.recipients}
                  error={errors.recipients}
                  maxLength={5000}
                />
                <TextAreaField
                  label={t("notice.field.signerAuthority")}
                  name="signerAuthority"
                  rows={2}
                  defaultValue={typed("signerAuthority") ?? notice.signer_authority}
                  error={errors.signerAuthority}
                  maxLength={200}
                />
                <TextField
                  label={t("notice.field.signerTitle")}
                  name="signerTitle"
                  defaultValue={typed("signerTitle") ?? notice.signer_title}
                  error={errors.signerTitle}
                  maxLength={200}
                />
                <TextField
                  label={t("notice.field.signerName")}
                  name="signerName"
                  defaultValue={typed("signerName") ?? notice.signer_name}
                  error={errors.signerName}
                  maxLength={200}
                />
                <button type="submit" name="intent" value="save" className="btn btn-primary">
                  {t("common.save")}
                </button>
              </Form>
            </details>
          )}
          {parts.length === 0 && <p className="text-stone-600">{t("notice.noConclusions")}</p>}
        </>
      )}
    </div>
  );
}

/** "Page 2 of 21" and the links around it, when the notice is longer than a screen page. */
function NoticePager({ page, pages, label }: { page: number; pages: number; label: string }) {
  const t = useT();
  const { pathname } = useLocation();
  if (pages <= 1) return null;
  const link = (n: number) => (n === 1 ? pathname : `${pathname}?page=${n}`);
  return (
    <nav aria-label={label} className="no-print flex flex-wrap items-center gap-3 text-sm">
      <span className="text-stone-700">{t("notice.pagesHint", { page, pages })}</span>
      {page > 1 && (
        <Link className="btn" to={link(page - 1)} rel="prev">
          {t("common.previous")}
        </Link>
      )}
      {page < pages && (
        <Link className="btn" to={link(page + 1)} rel="next">
          {t("common.next")}
        </Link>
      )}
    </nav>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
