import { defineStrings } from "./define";

/**
 * Word (DOCX) downloads and print pages of the official documents. The
 * documents themselves are always in Vietnamese. Named `exportsArea`, not
 * `exports`, which is the CommonJS module object in some tool chains.
 */
export const exportsArea = defineStrings(
  {
    "exports.docx": "Tải Word (.docx)",
    "exports.print": "In / Lưu PDF",
    "exports.printPage": "Bản in",
    "exports.printHint": "Trang in khổ A4. Chọn «In / Lưu PDF» (hoặc Ctrl+P), rồi chọn máy in hoặc «Lưu dưới dạng PDF».",
    "exports.backToAgenda": "Quay lại chương trình họp",
    "exports.agendaPrintTitle": "Chương trình họp (bản in) · {title}",
    "exports.actions": "Tải về và in",
  },
  {
    "exports.docx": "Download Word (.docx)",
    "exports.print": "Print / Save as PDF",
    "exports.printPage": "Print view",
    "exports.printHint": "A4 print page. Choose “Print / Save as PDF” (or Ctrl+P), then a printer or “Save as PDF”.",
    "exports.backToAgenda": "Back to the agenda",
    "exports.agendaPrintTitle": "Agenda (print view) · {title}",
    "exports.actions": "Download and print",
  },
);
