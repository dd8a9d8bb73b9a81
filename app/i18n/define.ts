/**
 * Strings live in per-area dictionaries, Vietnamese first. The type makes
 * the English side carry exactly the Vietnamese keys; a test checks that
 * each pair has the same {placeholders}.
 */
export type Strings = Record<string, string>;

export interface StringPair<V extends Strings> {
  vi: V;
  en: { [K in keyof V]: string };
}

export function defineStrings<const V extends Strings>(vi: V, en: { [K in keyof V]: string }): StringPair<V> {
  return { vi, en };
}
