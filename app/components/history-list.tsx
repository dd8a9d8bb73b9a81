import { dictionaries, type MessageKey, type Translate } from "~/i18n";
import { formatDateTime } from "~/utils/dates";
import { useT } from "~/utils/use-t";

export interface HistoryItem {
  id: number;
  at: string;
  action: string;
  actorName: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** The state before was not this reader's to see: `before` is null and the values shown are the state after. */
  beforeWithheld?: boolean;
}

// Bookkeeping columns, not what anyone changed: times_on_agenda is kept by triggers as agendas are built.
const ignored = new Set(["updated_at", "version", "created_at", "times_on_agenda"]);

function changes(before: Record<string, unknown> | null, after: Record<string, unknown> | null) {
  if (!after) return [];
  return Object.keys(after)
    .filter((k) => !ignored.has(k) && (!before || JSON.stringify(before[k]) !== JSON.stringify(after[k])))
    .map((k) => ({ field: k, before: before?.[k], after: after[k] }));
}

/** The words for an action or a field, or its code when it has none (a code from before the label existed). */
function label(t: Translate, prefix: "audit.action" | "audit.field", code: string): string {
  const key = `${prefix}.${code}`;
  return key in dictionaries.vi ? t(key as MessageKey) : code;
}

const show = (v: unknown) => (v === null || v === undefined ? "—" : typeof v === "object" ? JSON.stringify(v) : String(v));

/** Who did what, when, with before → after: every record is one click from this. */
export function HistoryList({ entries, id = "history" }: { entries: HistoryItem[]; id?: string }) {
  const t = useT();
  return (
    <section id={id} className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t("history.title")}</h2>
      {entries.length === 0 ? (
        <p className="mt-2 text-stone-600">{t("history.empty")}</p>
      ) : (
        <ol className="mt-3 space-y-3 text-sm">
          {entries.map((e) => (
            <li key={e.id} className="border-l-2 border-stone-300 pl-3">
              <div>
                <span className="font-mono text-xs text-stone-600">{formatDateTime(e.at)}</span>{" "}
                <span className="font-medium" data-action={e.action}>
                  {label(t, "audit.action", e.action)}
                </span>{" "}
                <span className="text-stone-700">· {e.actorName ?? t("history.system")}</span>
              </div>
              {e.beforeWithheld && <p className="mt-1 text-xs text-stone-600">{t("history.beforeWithheld")}</p>}
              {changes(e.before, e.after).length > 0 && (
                <details className="mt-1">
                  <summary className="cursor-pointer text-stone-700">{t("history.changed")}</summary>
                  <table className="mt-1 text-xs">
                    <thead>
                      <tr>
                        <th className="pr-3 text-left">
                          <span className="sr-only">{t("history.field")}</span>
                        </th>
                        <th className="pr-3 text-left">{t("history.before")}</th>
                        <th className="text-left">{t("history.after")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {changes(e.before, e.after).map((c) => (
                        <tr key={c.field}>
                          <td className="pr-3">{label(t, "audit.field", c.field)}</td>
                          <td className="max-w-xs truncate pr-3 text-stone-600">{show(c.before)}</td>
                          <td className="max-w-xs truncate">{show(c.after)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </details>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
