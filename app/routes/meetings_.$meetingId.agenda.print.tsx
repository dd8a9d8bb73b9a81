import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { loadAgendaDocument } from "~/features/exports/docx-agenda.server";
import { AGENDA_HEADINGS as H, agendaLines, agendaTotalLine, bridgePointsLine, DRAFT_MARK, meetingTimeLine, placeLine } from "~/features/exports/docx-rules";
import { agendaEditable } from "~/features/meetings/meetings-rules";
import { getMeeting } from "~/features/meetings/meetings.server";
import { requireUser } from "~/utils/auth.server";
import { getTranslator } from "~/utils/i18n.server";
import { idParam } from "~/utils/params.server";
import { can } from "~/utils/permissions";
import { notFound } from "~/utils/permissions.server";
import { useT } from "~/utils/use-t";

/*
 * The agenda as a paper document for printing or saving as PDF. The file
 * name's trailing underscore (`meetings_`) keeps it out of the meeting
 * layout: no tabs, no step buttons, just the page.
 */

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d?.pageTitle ?? "Giao ban" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const meeting = (await getMeeting(idParam(params, "meetingId"))) ?? notFound();
  const published = !agendaEditable(meeting.status);
  // As the agenda page and the Word file: before it is published, the series office's only.
  if (!published && !can(user, "agenda:edit", { seriesId: meeting.seriesId })) notFound();
  const doc = await loadAgendaDocument(meeting, !published);
  const t = await getTranslator(request, user);
  return {
    pageTitle: t("exports.agendaPrintTitle", { title: meeting.title }),
    meetingId: meeting.id,
    title: doc.title,
    timeLine: meetingTimeLine(doc.startsAt),
    placeLine: placeLine(doc.place),
    bridgesLine: bridgePointsLine(doc.bridgePoints),
    lines: agendaLines(doc.items),
    draft: doc.draft,
  };
}

export default function AgendaPrint() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  const cell = "border border-black px-2 py-1 align-top";
  return (
    <div className="space-y-4">
      <div className="no-print flex flex-wrap items-center gap-3" role="group" aria-label={t("exports.actions")}>
        <Link to={`/meetings/${d.meetingId}`}>← {t("exports.backToAgenda")}</Link>
        <button type="button" className="btn btn-primary" onClick={() => window.print()}>
          {t("exports.print")}
        </button>
        <a className="btn" href={`/meetings/${d.meetingId}/agenda.docx`}>
          {t("exports.docx")}
        </a>
      </div>
      <p className="no-print text-sm text-stone-700">{t("exports.printHint")}</p>

      <div className="overflow-x-auto bg-stone-200 py-6 print:bg-white print:py-0">
        <article className="notice-paper relative mx-auto bg-white font-serif text-[13pt] leading-normal text-black" lang="vi" data-testid="agenda-document">
          {d.draft && (
            <div className="absolute top-2 right-4 rotate-6 border-2 border-red-700 px-3 py-1 font-sans text-sm font-bold tracking-widest text-red-700">
              {DRAFT_MARK}
            </div>
          )}
          <h1 className="text-center text-[14pt] font-bold tracking-normal">{H.title}</h1>
          <p className="text-center text-[14pt] font-bold">{d.title}</p>
          <div className="mx-auto my-2 w-1/4 border-t border-black" />

          <div className="mt-4 space-y-[6pt] text-justify text-[14pt]">
            <p className="indent-[1.27cm]">{d.timeLine}</p>
            <p className="indent-[1.27cm]">{d.placeLine}</p>
            {d.bridgesLine && <p className="indent-[1.27cm]">{d.bridgesLine}</p>}
          </div>

          {d.lines.length === 0 ? (
            <p className="mt-4 indent-[1.27cm] italic">{H.empty}</p>
          ) : (
            <>
              <table className="mt-4 w-full border-collapse">
                <thead>
                  <tr>
                    <th scope="col" className={`${cell} w-[7%] text-center`}>
                      {H.no}
                    </th>
                    <th scope="col" className={`${cell} text-center`}>
                      {H.item}
                    </th>
                    <th scope="col" className={`${cell} w-[28%] text-center`}>
                      {H.presenter}
                    </th>
                    <th scope="col" className={`${cell} w-[16%] text-center`}>
                      {H.minutes}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {d.lines.map((line) => (
                    <tr key={line.no} className="break-inside-avoid">
                      <td className={`${cell} text-center`}>{line.no}</td>
                      <td className={cell}>
                        {line.title}
                        {line.marks.map((m) => (
                          <span key={m.text} className={m.alert ? "font-bold italic" : "italic"}>
                            {" "}
                            ({m.text})
                          </span>
                        ))}
                      </td>
                      <td className={cell}>{line.presenter}</td>
                      <td className={`${cell} text-center`}>{line.minutes ?? ""}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p className="mt-2 italic">{agendaTotalLine(d.lines)}</p>
            </>
          )}
        </article>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
