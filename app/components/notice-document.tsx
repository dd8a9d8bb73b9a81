import type { NoticePart, NoticeText } from "~/features/notices/notices-rules";
import { noticeNumber, placeDateLine, pointLabel } from "~/features/notices/notices-rules";

export type NoticeDocumentProps = Omit<NoticeText, "conclusions"> & {
  /** The conclusions shown: all of them, or one screen page's (`noticePages`). */
  parts: NoticePart[];
  /** The opening paragraph shows on the first page; closing, recipients and signature on the last. */
  first: boolean;
  last: boolean;
};

/**
 * The notice laid out as the paper document (Decree 30/2020/NĐ-CP): header
 * in two columns, title, summary, body, recipients and signature. The
 * document is always in Vietnamese, whatever the interface language.
 */
export function NoticeDocument(p: NoticeDocumentProps) {
  return (
    <article className="notice-paper relative mx-auto bg-white font-serif text-[13pt] leading-normal text-black" lang="vi" data-testid="notice-document">
      {p.draft && (
        <div
          className="pointer-events-none absolute top-2 right-4 rotate-6 border-2 border-red-700 px-3 py-1 font-sans text-sm font-bold tracking-widest text-red-700"
          aria-label="Dự thảo"
        >
          DỰ THẢO
        </div>
      )}
      <table className="w-full border-collapse">
        <tbody>
          <tr className="align-top">
            <td className="w-[42%] text-center">
              <div className="text-[12.5pt] font-bold uppercase">{p.issuingBody}</div>
              <div className="mx-auto my-1 w-1/3 border-t border-black" />
              <div className="mt-2">{noticeNumber(p.number, p.symbol)}</div>
            </td>
            <td className="text-center">
              <div className="text-[12.5pt] font-bold">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</div>
              <div className="font-bold">Độc lập - Tự do - Hạnh phúc</div>
              <div className="mx-auto my-1 w-[52%] border-t border-black" />
              <div className="mt-2 italic">{placeDateLine(p.place, p.issuedOn, p.thisYear)}</div>
            </td>
          </tr>
        </tbody>
      </table>

      <h2 className="mt-8 text-center text-[14pt] font-bold">THÔNG BÁO</h2>
      <p className="mx-auto mt-1 max-w-[85%] text-center font-bold">{p.summary}</p>
      <div className="mx-auto my-2 w-1/4 border-t border-black" />

      <div className="mt-4 space-y-[6pt] text-justify">
        {p.first && <p className="indent-[1.27cm]">{p.opening}</p>}
        {p.parts.length === 0 ? (
          <p className="indent-[1.27cm] italic">(Chưa có kết luận)</p>
        ) : (
          p.parts.map((c) => (
            <div key={`${c.number}-${c.firstPoint}`} className="space-y-[6pt]">
              <p className="indent-[1.27cm]">
                <span className="font-bold">
                  {c.number}. {c.itemTitle}
                  {c.body === null && " (tiếp theo)"}:
                </span>
                {c.body !== null && (
                  <>
                    {" "}
                    <span className="whitespace-pre-line">{c.body}</span>
                  </>
                )}
              </p>
              {c.assignments.map((sentence, k) => (
                <p key={k} className="indent-[1.27cm]">
                  {pointLabel(c.firstPoint + k)} {sentence}
                </p>
              ))}
            </div>
          ))
        )}
        {p.last && <p className="indent-[1.27cm]">{p.closing}</p>}
      </div>

      {p.last && (
        <table className="mt-6 w-full border-collapse">
          <tbody>
            <tr className="align-top">
              <td className="w-1/2 pr-4">
                <div className="text-[12pt] font-bold italic">Nơi nhận:</div>
                <div className="text-[11pt] whitespace-pre-line">{p.recipients}</div>
              </td>
              <td className="text-center">
                <div className="font-bold whitespace-pre-line uppercase">{p.signerAuthority}</div>
                <div className="font-bold uppercase">{p.signerTitle}</div>
                <div className="h-24" />
                <div className="font-bold">{p.signerName}</div>
              </td>
            </tr>
          </tbody>
        </table>
      )}
    </article>
  );
}
