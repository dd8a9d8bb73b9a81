/**
 * The whole conclusion notice as a plain page, to print or save as PDF.
 * Unlike the app's pages it is not hydrated: nothing on it is interactive,
 * and a notice of a thousand assignments would otherwise travel twice (as
 * HTML and as the data React hydrates from). It is rendered once per change
 * of the data and language; the server's compression middleware gzips it
 * like any other response. Its one script, /print.js
 * (allowed by the policy's 'self'), shows the print button; without
 * JavaScript the hint says to press Ctrl+P. See
 * docs/decisions/0018-notice-pages-and-print-view.md.
 */
import { renderToStaticMarkup } from "react-dom/server";
import type { Locale } from "../../../db/schema";
import { NoticeDocument } from "~/components/notice-document";
import { translator } from "~/i18n";
import stylesheet from "~/tailwind.css";
import { getDb } from "~/utils/db.server";
import { cachedUntilWrite } from "~/utils/generation-cache.server";
import { noticePages, type NoticeText } from "./notices-rules";
import { getNotice, noticeText } from "./notices.server";

/**
 * The print view's response: its HTML kept until the next write.
 * The notice is read again inside, under the cache's stamp: a notice read
 * before it could be an edit or an issue older than the stamp it is kept
 * under. Whoever calls this has checked that the user may read the notice;
 * null when there is no notice (the caller answers 404).
 */
export async function noticePrintResponse(meeting: { id: number; seriesId: number }, locale: Locale, thisYear: string): Promise<Response | null> {
  // This year is in the key: a draft's date line leaves day and month blank in it.
  const html = await cachedUntilWrite(getDb(), ["notice-print", meeting.id, locale, thisYear], async () => {
    const notice = await getNotice(meeting.id);
    if (!notice) return null;
    const text = await noticeText(meeting, notice);
    return `<!DOCTYPE html>${renderToStaticMarkup(<PrintPage meetingId={meeting.id} text={text} locale={locale} />)}`;
  });
  if (html === null) return null;
  return new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "private, no-store" } });
}

function PrintPage({ meetingId, text, locale }: { meetingId: number; text: NoticeText; locale: Locale }) {
  const t = translator(locale);
  const { conclusions, ...rest } = text;
  const [all] = noticePages(conclusions, Infinity);
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{t("notice.printTitle", { summary: text.summary })}</title>
        <link rel="stylesheet" href={stylesheet} />
        <script src="/print.js" defer />
      </head>
      <body>
        <main className="mx-auto max-w-7xl space-y-4 px-4 py-6">
          <div className="no-print flex flex-wrap items-center gap-3" role="group" aria-label={t("exports.actions")}>
            <a href={`/meetings/${meetingId}/notice`}>← {t("notice.backToNotice")}</a>
            <button type="button" className="btn btn-primary" data-print hidden>
              {t("exports.print")}
            </button>
            <a className="btn" href={`/meetings/${meetingId}/notice.docx`}>
              {t("exports.docx")}
            </a>
          </div>
          <p className="no-print text-sm text-stone-700">{t("exports.printHint")}</p>
          <div className="overflow-x-auto bg-stone-200 py-6 print:bg-white print:py-0">
            <NoticeDocument {...rest} parts={all} first last />
          </div>
        </main>
      </body>
    </html>
  );
}
