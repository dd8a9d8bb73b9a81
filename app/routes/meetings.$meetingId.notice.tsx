import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useParams, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { ErrorPage } from "../components/error-page";
import { FormAlert, TextAreaField, TextField } from "../components/field";
import { NoticeDocument } from "../components/notice-document";
import { getMeeting } from "../features/meetings/meetings.server";
import { NoticeEditSchema } from "../features/notices/notices-schemas";
import { draftNotice, getNotice, issueNotice, noticeConclusions, updateNotice } from "../features/notices/notices.server";
import { placeFromIssuingBody } from "../features/notices/notices-rules";
import { requireUser } from "../utils/auth.server";
import { getDb } from "../utils/db.server";
import { vnToday } from "../utils/dates";
import { parseForm } from "../utils/forms";
import { idParam } from "../utils/params.server";
import { can } from "../utils/permissions";
import { requirePermission } from "../utils/permissions.server";
import { useT } from "../utils/use-t";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const meeting = await getMeeting(idParam(params, "meetingId"));
  const office = can(user, "notice:draft", { seriesId: meeting.seriesId });
  const notice = await getNotice(meeting.id);
  const issued = notice?.status === "issued";
  // A draft notice is the office's; everyone reads it once issued.
  const visible = notice !== null && (issued || office);
  const series = await getDb().selectFrom("series").where("id", "=", meeting.seriesId).select(["issuing_body"]).executeTakeFirstOrThrow();
  return {
    status: meeting.status,
    office,
    canDraft: office && meeting.status === "concluded" && notice === null,
    canEdit: office && notice?.status === "draft",
    canIssue: can(user, "notice:approve", { seriesId: meeting.seriesId }) && notice?.status === "draft" && meeting.status === "concluded",
    notice: visible ? notice : null,
    conclusions: visible ? await noticeConclusions(meeting.id) : [],
    issuingBody: series.issuing_body,
    thisYear: vnToday().slice(0, 4),
  };
}

const NoticeActionSchema = z.discriminatedUnion("intent", [z.object({ intent: z.literal("draft") }), NoticeEditSchema, z.object({ intent: z.literal("issue") })], {
  error: "validation.invalidChoice",
});

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const meeting = await getMeeting(idParam(params, "meetingId"));
  const form = await request.formData();
  const parsed = parseForm(NoticeActionSchema, form);
  if (!parsed.ok) {
    requirePermission(user, "notice:draft", { seriesId: meeting.seriesId });
    return data({ errors: parsed.errors }, { status: 400 });
  }
  const input = parsed.data;
  switch (input.intent) {
    case "draft":
      requirePermission(user, "notice:draft", { seriesId: meeting.seriesId });
      await draftNotice(user, meeting.id);
      return redirect(`/meetings/${meeting.id}/notice?drafted=1`);
    case "save":
      requirePermission(user, "notice:draft", { seriesId: meeting.seriesId });
      await updateNotice(user, meeting.id, input);
      return redirect(`/meetings/${meeting.id}/notice?saved=1`);
    case "issue": {
      requirePermission(user, "notice:approve", { seriesId: meeting.seriesId });
      const { number } = await issueNotice(user, meeting.id);
      return redirect(`/meetings/${meeting.id}/notice?issued=${number}`);
    }
  }
}

export default function NoticePage() {
  const t = useT();
  const { notice, conclusions, canDraft, canEdit, canIssue, issuingBody, status, office, thisYear } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { meetingId } = useParams();
  const errors = actionData?.errors ?? {};
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
              <button type="submit" name="intent" value="draft" className="btn btn-primary">
                {t("notice.draft")}
              </button>
            </Form>
          )}
        </div>
      )}

      {notice && (
        <>
          <div className="no-print flex flex-wrap items-center gap-3">
            <span className={`badge ${notice.status === "issued" ? "bg-green-700 text-white" : "bg-red-100 text-red-900"}`}>
              {notice.status === "issued" ? t("notice.issuedBadge") : t("notice.draftBadge")}
            </span>
            <button type="button" className="btn" onClick={() => window.print()}>
              {t("notice.print")}
            </button>
            {/* Export: the same notice as a Word file (this page is its print view). */}
            <a className="btn" href={`/meetings/${meetingId}/notice.docx`}>
              {t("exports.docx")}
            </a>
            {notice.status === "draft" && !canIssue && <span className="text-sm text-stone-700">{t("notice.waitChair")}</span>}
          </div>

          {canIssue && (
            <Form method="post" className="no-print card space-y-2 border-l-4 border-l-green-700">
              <p className="text-sm">{t("notice.issueHelp")}</p>
              <button type="submit" name="intent" value="issue" className="btn btn-primary">
                {t("notice.issue")}
              </button>
            </Form>
          )}

          <div className="overflow-x-auto bg-stone-200 py-6 print:bg-white print:py-0">
            <NoticeDocument
              issuingBody={issuingBody}
              place={placeFromIssuingBody(issuingBody)}
              number={notice.number}
              symbol={notice.symbol}
              issuedOn={notice.issued_on}
              summary={notice.summary}
              opening={notice.opening}
              conclusions={conclusions}
              closing={notice.closing}
              recipients={notice.recipients}
              signerAuthority={notice.signer_authority}
              signerTitle={notice.signer_title}
              signerName={notice.signer_name}
              draft={notice.status !== "issued"}
              thisYear={thisYear}
            />
          </div>

          {canEdit && (
            <details className="no-print card" open={Boolean(actionData?.errors)}>
              <summary className="cursor-pointer font-semibold">{t("notice.edit")}</summary>
              <Form method="post" className="mt-3 max-w-3xl">
                <TextAreaField label={t("notice.field.summary")} name="summary" rows={2} defaultValue={notice.summary} error={errors.summary} maxLength={1000} />
                <TextAreaField label={t("notice.field.opening")} name="opening" rows={5} defaultValue={notice.opening} error={errors.opening} maxLength={10000} />
                <TextAreaField label={t("notice.field.closing")} name="closing" rows={2} defaultValue={notice.closing} error={errors.closing} maxLength={2000} />
                <TextAreaField label={t("notice.field.recipients")} name="recipients" rows={6} defaultValue={notice.recipients} error={errors.recipients} maxLength={5000} />
                <TextAreaField label={t("notice.field.signerAuthority")} name="signerAuthority" rows={2} defaultValue={notice.signer_authority} error={errors.signerAuthority} maxLength={200} />
                <TextField label={t("notice.field.signerTitle")} name="signerTitle" defaultValue={notice.signer_title} error={errors.signerTitle} maxLength={200} />
                <TextField label={t("notice.field.signerName")} name="signerName" defaultValue={notice.signer_name} error={errors.signerName} maxLength={200} />
                <button type="submit" name="intent" value="save" className="btn btn-primary">
                  {t("common.save")}
                </button>
              </Form>
            </details>
          )}
          {conclusions.length === 0 && <p className="text-stone-600">{t("notice.noConclusions")}</p>}
        </>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
