/**
 * Pieces the three administration registers share: the saved banner, the
 * status badge, paging, the confirmation form and the change history.
 */
import { Form, Link, useLocation, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { FormAlert } from "~/components/field";
import { FormKey } from "~/components/form-key";
import { FilterSelect } from "~/components/filter-fields";
import { dictionaries, type MessageKey } from "~/i18n";
import { formatDateTime } from "~/utils/dates";
import type { FieldError, FieldErrors } from "~/utils/forms";
import { useT } from "~/utils/use-t";
import { isSavedKind } from "./admin-forms";
import { changedFields } from "./history";
import { withPage, type Page } from "./listing";

const isKey = (key: string): key is MessageKey => key in dictionaries.vi;

/**
 * What went wrong with a whole form, above it: saved meanwhile by someone
 * else (409), fields to correct, or an unknown intent.
 */
export function FormProblems({ errors, formError }: { errors?: FieldErrors; formError?: MessageKey }) {
  const t = useT();
  const fields = Object.keys(errors ?? {}).filter((k) => k !== "intent");
  return (
    <>
      {formError && <FormAlert>{t(formError)}</FormAlert>}
      {fields.length > 0 && <FormAlert>{t("common.formInvalid")}</FormAlert>}
      {errors?.intent && <FormAlert>{t(errors.intent.key)}</FormAlert>}
    </>
  );
}

/** The confirmation after a POST-redirect-GET (`?saved=updated`). */
export function SavedNotice() {
  const t = useT();
  const [params] = useSearchParams();
  const saved = params.get("saved");
  if (!isSavedKind(saved)) return null;
  return <FormAlert tone="success">{t(`admin.saved.${saved}`)}</FormAlert>;
}

export function ActiveBadge({ active }: { active: number | boolean }) {
  const t = useT();
  return active ? (
    <span className="badge whitespace-nowrap bg-green-100 text-green-900">{t("common.active")}</span>
  ) : (
    <span className="badge whitespace-nowrap bg-stone-200 text-stone-800">{t("common.inactive")}</span>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return <p className="card border-dashed text-stone-700">{children}</p>;
}

/** "Showing 26–50 of 120" and previous/next links that keep every filter. */
export function Pagination({ page }: { page: Pick<Page<unknown>, "page" | "pages" | "total" | "from" | "to"> }) {
  const t = useT();
  const location = useLocation();
  const link = (n: number) => withPage(location.pathname, location.search, n);
  return (
    <nav aria-label={t("admin.list.pagination")} className="mt-3 flex flex-wrap items-center gap-3 text-sm">
      <span className="text-stone-700" data-testid="list-showing">
        {t("admin.list.showing", { from: page.from, to: page.to, total: page.total })}
      </span>
      {page.pages > 1 && (
        <>
          <span className="text-stone-600">{t("common.pageOf", { page: page.page, pages: page.pages })}</span>
          <span className="flex gap-2">
            {page.page > 1 ? (
              <Link className="btn" to={link(page.page - 1)} rel="prev">
                {t("common.previous")}
              </Link>
            ) : (
              <span className="btn pointer-events-none opacity-50" aria-disabled="true">
                {t("common.previous")}
              </span>
            )}
            {page.page < page.pages ? (
              <Link className="btn" to={link(page.page + 1)} rel="next">
                {t("common.next")}
              </Link>
            ) : (
              <span className="btn pointer-events-none opacity-50" aria-disabled="true">
                {t("common.next")}
              </span>
            )}
          </span>
        </>
      )}
    </nav>
  );
}

/**
 * A deactivate / reactivate form. The tick box is the confirmation step:
 * it is required in the browser and checked again on the server.
 */
export function ConfirmActionForm({
  intent,
  title,
  help,
  extra,
  confirmLabel,
  submitLabel,
  error,
  danger,
}: {
  intent: string;
  title: string;
  help: string;
  extra?: ReactNode;
  confirmLabel: string;
  submitLabel: string;
  error?: FieldError;
  danger: boolean;
}) {
  const t = useT();
  const id = `confirm-${intent}`;
  return (
    <Form method="post" className={`card ${danger ? "border-red-300" : ""}`} aria-labelledby={`${id}-title`}>
      <FormKey />
      <h2 id={`${id}-title`}>{title}</h2>
      <p className="mt-2 text-sm text-stone-700">{help}</p>
      {extra}
      <input type="hidden" name="intent" value={intent} />
      <label htmlFor={id} className="mt-3 flex min-h-11 items-center gap-3">
        <input
          id={id}
          type="checkbox"
          name="confirm"
          value="on"
          required
          className="size-5"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        <span>{confirmLabel}</span>
      </label>
      {error && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {t(error.key, error.params)}
        </p>
      )}
      <button type="submit" className={`btn mt-3 ${danger ? "btn-danger" : "btn-primary"}`}>
        {submitLabel}
      </button>
    </Form>
  );
}

export interface HistoryRow {
  id: number;
  at: string;
  action: string;
  actorName: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** Column names in the audit JSON and how a reader knows them. */
const FIELD_LABELS: Record<string, MessageKey> = {
  code: "admin.field.code",
  name_vi: "admin.field.nameVi",
  name_en: "admin.field.nameEn",
  kind: "admin.agency.kind",
  parent_id: "admin.agency.parent",
  active: "common.status",
  full_name: "admin.user.fullName",
  email: "admin.user.email",
  title: "admin.user.title",
  role: "admin.user.role",
  agency_id: "admin.user.agency",
  issuing_body: "admin.series.issuingBody",
  notice_symbol: "admin.series.noticeSymbol",
};

/**
 * The latest changes to one record: who, when, what, and for edits the
 * fields that changed with their old and new values.
 * `describe` turns a stored value (an id, a code) into words for the reader.
 */
export function HistoryTable({ events, describe }: { events: HistoryRow[]; describe?: (field: string, value: unknown) => string | null }) {
  const t = useT();
  const show = (field: string, value: unknown): string => {
    const custom = describe?.(field, value);
    if (custom) return custom;
    if (value === null || value === undefined || value === "") return t("common.none");
    if (field === "active") return value ? t("common.active") : t("common.inactive");
    if (field === "role" && isKey(`role.${String(value)}`)) return t(`role.${String(value)}` as MessageKey);
    if (field === "kind" && isKey(`kind.${String(value)}`)) return t(`kind.${String(value)}` as MessageKey);
    return Array.isArray(value) ? value.join(", ") : String(value);
  };
  const details = (e: HistoryRow): ReactNode => {
    const lines: string[] = changedFields(e.before, e.after)
      .filter((c) => c.field in FIELD_LABELS)
      .map((c) => `${t(FIELD_LABELS[c.field])}: ${show(c.field, c.before)} → ${show(c.field, c.after)}`);
    const added = e.after?.added;
    const removed = e.after?.removed;
    if (Array.isArray(added) && added.length) lines.push(t("admin.history.added", { items: added.map((v) => show("agency_id", v)).join(", ") }));
    if (Array.isArray(removed) && removed.length) lines.push(t("admin.history.removed", { items: removed.map((v) => show("agency_id", v)).join(", ") }));
    const seat = e.after ?? e.before;
    if ((e.action === "series.member_added" || e.action === "series.member_removed") && seat) {
      lines.push(`${String(seat.full_name ?? seat.user_id)} — ${show("role", seat.role)}`);
    }
    return lines.length ? (
      <ul className="space-y-0.5">
        {lines.map((l, i) => (
          <li key={i}>{l}</li>
        ))}
      </ul>
    ) : (
      t("common.none")
    );
  };
  return (
    <section className="card" aria-labelledby="history-title">
      <h2 id="history-title">{t("admin.history.title")}</h2>
      {events.length === 0 ? (
        <p className="mt-2 text-sm text-stone-700">{t("admin.history.empty")}</p>
      ) : (
        <div className="mt-2 overflow-x-auto">
          <table className="register" data-testid="history">
            <thead>
              <tr>
                <th scope="col">{t("admin.history.at")}</th>
                <th scope="col">{t("admin.history.by")}</th>
                <th scope="col">{t("admin.history.action")}</th>
                <th scope="col">{t("admin.history.changes")}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => {
                const key = `admin.audit.${e.action}`;
                return (
                  <tr key={e.id}>
                    <td className="whitespace-nowrap">{formatDateTime(e.at)}</td>
                    <td>{e.actorName ?? t("admin.history.system")}</td>
                    <td>{isKey(key) ? t(key) : e.action}</td>
                    <td>{details(e)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** A register's title, its counts, and the button that adds a record. */
export function RegisterHeading({
  title,
  summary,
  testId,
  newTo,
  newLabel,
}: {
  title: string;
  summary: string;
  testId: string;
  newTo: string;
  newLabel: string;
}) {
  return (
    <div className="flex flex-wrap items-center justify-between gap-3">
      <div>
        <h1>{title}</h1>
        <p className="text-sm text-stone-700" data-testid={testId}>
          {summary}
        </p>
      </div>
      <Link to={newTo} className="btn btn-primary">
        {newLabel}
      </Link>
    </div>
  );
}

/** The free-text search of a register's filter form (accent-insensitive). */
export function RegisterSearchField({ defaultValue, placeholder }: { defaultValue: string; placeholder: string }) {
  const t = useT();
  return (
    <div className="min-w-56 flex-1">
      <label htmlFor="q" className="label">
        {t("admin.list.search")}
      </label>
      <input id="q" name="q" type="search" className="input" defaultValue={defaultValue} placeholder={placeholder} aria-describedby="q-hint" />
      <p id="q-hint" className="sr-only">
        {t("admin.list.searchHint")}
      </p>
    </div>
  );
}

/** The active / inactive filter, then the submit and "clear" buttons that end a register's filter form. */
export function ActiveFilterAndButtons({ active, filtered, clearTo }: { active: boolean | null; filtered: boolean; clearTo: string }) {
  const t = useT();
  return (
    <>
      <FilterSelect
        name="active"
        id="active"
        label={t("admin.filter.active")}
        value={active === null ? "" : active ? "1" : "0"}
        options={[
          { value: "", label: t("common.all") },
          { value: "1", label: t("common.active") },
          { value: "0", label: t("common.inactive") },
        ]}
      />
      <button type="submit" className="btn btn-primary">
        {t("common.filter")}
      </button>
      {filtered && (
        <Link to={clearTo} className="btn">
          {t("admin.list.clearFilters")}
        </Link>
      )}
    </>
  );
}
