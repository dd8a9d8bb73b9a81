/**
 * What goes into a calendar: meetings as timed events (in UTC), their
 * submission cut-offs, and task deadlines as all-day events (a deadline is a
 * day in Vietnam, not an instant). Pure: plain rows in, ICS events out.
 * UIDs depend only on the record's id, so a client that fetches again
 * replaces the event instead of adding a second one.
 */
import type { Locale } from "../../../db/schema";
import type { Translate } from "~/i18n";
import { formatDateTime, formatPeriod, formatShortDate } from "~/utils/dates";
import type { IcsEvent } from "./ics-rules";

/** The record has no end time; a provincial briefing takes a morning. */
export const MEETING_MINUTES = 180;
/** A cut-off is a moment; a short block makes it visible in a day view. */
export const CUTOFF_MINUTES = 30;

export const meetingUid = (id: number) => `meeting-${id}@giaoban`;
export const cutoffUid = (id: number) => `cutoff-${id}@giaoban`;
export const taskDeadlineUid = (id: number) => `task-${id}-deadline@giaoban`;

export interface FeedMeeting {
  id: number;
  title: string;
  seriesNameVi: string;
  seriesNameEn: string;
  period: string;
  startsAt: string;
  cutoffAt: string;
  place: string;
  bridgePoints: string[];
  version: number;
  updatedAt: string;
}

export interface FeedTask {
  id: number;
  title: string;
  deadline: string;
  leadAgencyId: number;
  leadAgency: string;
  coordinators: string[];
  version: number;
  updatedAt: string;
}

export interface EventContext {
  t: Translate;
  locale: Locale;
  /** The site's address, without a trailing slash: links in descriptions point there. */
  origin: string;
}

const addMinutes = (iso: string, minutes: number) => new Date(new Date(iso).getTime() + minutes * 60_000).toISOString();

/** An ISO instant, or null for text that is not one (an event must not carry a bad date). */
const instant = (s: string) => (Number.isNaN(new Date(s).getTime()) ? null : new Date(s).toISOString());

export function meetingTitle(m: Pick<FeedMeeting, "title" | "seriesNameEn" | "period">, locale: Locale): string {
  return locale === "vi" ? m.title : `${m.seriesNameEn} — ${formatPeriod(m.period, "en")}`;
}

export function meetingEvent(m: FeedMeeting, { t, locale, origin }: EventContext): IcsEvent {
  const url = `${origin}/meetings/${m.id}`;
  const description = [
    t("calendar.event.series", { series: locale === "vi" ? m.seriesNameVi : m.seriesNameEn }),
    t("calendar.event.meetingCutoff", { when: formatDateTime(m.cutoffAt) }),
    m.bridgePoints.length ? t("calendar.event.bridgePoints", { points: m.bridgePoints.join("; ") }) : null,
    t("calendar.event.link", { url }),
  ].filter((l): l is string => l !== null);
  return {
    uid: meetingUid(m.id),
    stamp: instant(m.updatedAt) ?? m.startsAt,
    start: { kind: "utc", at: m.startsAt },
    end: { kind: "utc", at: addMinutes(m.startsAt, MEETING_MINUTES) },
    summary: meetingTitle(m, locale),
    description: description.join("\n"),
    location: m.place,
    url,
    sequence: m.version,
    lastModified: instant(m.updatedAt),
  };
}

export function cutoffEvent(m: FeedMeeting, { t, locale, origin }: EventContext): IcsEvent {
  const title = meetingTitle(m, locale);
  const url = `${origin}/blockers/new`;
  const time = formatDateTime(m.cutoffAt).split(" ")[0];
  return {
    uid: cutoffUid(m.id),
    stamp: instant(m.updatedAt) ?? m.cutoffAt,
    start: { kind: "utc", at: m.cutoffAt },
    end: { kind: "utc", at: addMinutes(m.cutoffAt, CUTOFF_MINUTES) },
    summary: t("calendar.event.cutoff", { time, meeting: title }),
    description: [t("calendar.event.cutoffDescription", { meeting: title }), t("calendar.event.link", { url })].join("\n"),
    url,
    sequence: m.version,
    lastModified: instant(m.updatedAt),
    transparent: true,
  };
}

/** A deadline on the day it falls, all day; the viewer's agency leads it or coordinates. */
export function deadlineEvent(task: FeedTask, agencyId: number, { t, origin }: EventContext): IcsEvent {
  const url = `${origin}/tasks/${task.id}`;
  const role = task.leadAgencyId === agencyId ? "lead" : "coordinating";
  const description = [
    t("calendar.event.task", { id: task.id }),
    t("calendar.event.lead", { agency: task.leadAgency }),
    task.coordinators.length ? t("calendar.event.coordinating", { agencies: task.coordinators.join("; ") }) : null,
    t("calendar.event.deadline", { date: formatShortDate(task.deadline) }),
    t("calendar.event.link", { url }),
  ].filter((l): l is string => l !== null);
  return {
    uid: taskDeadlineUid(task.id),
    stamp: instant(task.updatedAt) ?? `${task.deadline}T00:00:00.000Z`,
    start: { kind: "date", day: task.deadline },
    summary: t(role === "lead" ? "calendar.event.deadline.lead" : "calendar.event.deadline.coordinating", { title: task.title }),
    description: description.join("\n"),
    url,
    sequence: task.version,
    lastModified: instant(task.updatedAt),
    transparent: true,
  };
}
