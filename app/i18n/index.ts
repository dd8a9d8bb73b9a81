import type { Locale } from "../../db/schema";
import { account } from "./account";
import { admin } from "./admin";
import { audit } from "./audit";
import { auth } from "./auth";
import { blockers } from "./blockers";
import { calendar } from "./calendar";
import { common } from "./common";
import { cycle } from "./cycle";
import { dashboard } from "./dashboard";
import { exportsArea } from "./exports";
import { meetings } from "./meetings";
import { notifications } from "./notifications";
import { search } from "./search";
import { tasks } from "./tasks";

/** Every area's dictionary. Add a new area here; keys are prefixed by area. */
export const areas = {
  common,
  auth,
  account,
  admin,
  audit,
  cycle,
  meetings,
  blockers,
  tasks,
  calendar,
  exports: exportsArea,
  dashboard,
  search,
  notifications,
};

const vi = {
  ...common.vi,
  ...auth.vi,
  ...account.vi,
  ...admin.vi,
  ...audit.vi,
  ...cycle.vi,
  ...meetings.vi,
  ...blockers.vi,
  ...tasks.vi,
  ...calendar.vi,
  ...exportsArea.vi,
  ...dashboard.vi,
  ...search.vi,
  ...notifications.vi,
};
const en = {
  ...common.en,
  ...auth.en,
  ...account.en,
  ...admin.en,
  ...audit.en,
  ...cycle.en,
  ...meetings.en,
  ...blockers.en,
  ...tasks.en,
  ...calendar.en,
  ...exportsArea.en,
  ...dashboard.en,
  ...search.en,
  ...notifications.en,
};

export type MessageKey = keyof typeof vi;
export type Params = Record<string, string | number>;

export const dictionaries: Record<Locale, Record<MessageKey, string>> = { vi, en };

export function isLocale(value: unknown): value is Locale {
  return value === "vi" || value === "en";
}

/** Translates a key; `{name}` placeholders are filled from params. */
export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const template = dictionaries[locale][key] ?? dictionaries.vi[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (params[name] === undefined ? whole : String(params[name])));
}

export type Translate = (key: MessageKey, params?: Params) => string;

export function translator(locale: Locale): Translate {
  return (key, params) => translate(locale, key, params);
}
