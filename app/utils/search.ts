/**
 * "Đất đai" -> "dat dai": what people type when they leave out the
 * diacritics. NFD splits tone marks from their letters so they can be
 * dropped; đ/Đ are letters of their own and are mapped by hand.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}
