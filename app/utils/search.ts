/**
 * "Đất đai" -> "dat dai": what people type when they leave out the
 * diacritics. NFD splits tone marks from their letters so they can be
 * dropped; đ/Đ are letters of their own and are mapped by hand (with their
 * look-alike ð/Ð, in case a text came in before forms mapped it).
 */
export function foldForSearch(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐðÐ]/g, "d")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

/** Ð ð (U+00D0, U+00F0: the Icelandic eth, which looks the same) as the Vietnamese Đ đ. */
export function vietnameseD(text: string): string {
  return text.replace(/\u00d0/g, "\u0110").replace(/\u00f0/g, "\u0111");
}
