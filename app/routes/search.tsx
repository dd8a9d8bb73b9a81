import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { Badge, BlockerStatusBadge, TaskStatusBadge } from "~/components/status-badge";
import { SEARCH_KINDS, type SearchKind, type Segment } from "~/features/search/search-rules";
import { parseSearchQuery } from "~/features/search/search-schemas";
import { CANDIDATES_PER_KIND, search, type SearchHit } from "~/features/search/search.server";
import { requireUser } from "~/utils/auth.server";
import { formatShortDate, vnToday } from "~/utils/dates";
import { getTranslator } from "~/utils/i18n.server";
import { useT } from "~/utils/use-t";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d?.title ?? "Giao ban" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const t = await getTranslator(request, user);
  const query = parseSearchQuery(new URL(request.url).searchParams);
  // Visibility is applied inside the search, record by record, exactly as the pages apply it.
  const results = query.q ? await search(user, query, { today: vnToday(), locale: user.locale }) : null;
  return {
    title: `${query.q ? t("search.pageTitle", { query: query.q }) : t("search.title")} · ${t("app.name")}`,
    query,
    results,
    cap: CANDIDATES_PER_KIND,
  };
}

/** The same search with another kind or page; a new kind starts at page 1. */
function hrefFor(q: string, kind: SearchKind | null, page = 1): string {
  const params = new URLSearchParams({ q });
  if (kind) params.set("kind", kind);
  if (page > 1) params.set("page", String(page));
  return `/search?${params.toString()}`;
}

const EXAMPLES = ["dat dai", "Đầm Hà", "chuyen doi so", "dịch vụ công trực tuyến"];

export default function SearchPage() {
  const t = useT();
  const { query, results, cap } = useLoaderData<typeof loader>();
  const hasTerms = results !== null && results.terms.length > 0;
  const all = results ? SEARCH_KINDS.reduce((n, k) => n + results.counts[k], 0) : 0;
  const countLabel = (label: string, kinds: readonly SearchKind[], count: number) =>
    t(results && kinds.some((k) => results.capped.includes(k)) ? "search.countCapped" : "search.count", { label, count });

  return (
    <div className="space-y-5">
      <header>
        <h1>{t("search.title")}</h1>
      </header>

      <Form method="get" action="/search" role="search" aria-label={t("search.title")} className="card flex flex-wrap items-end gap-3">
        <div className="min-w-64 flex-1">
          <label htmlFor="search-q" className="label">
            {t("search.label")}
          </label>
          <input
            id="search-q"
            type="search"
            name="q"
            defaultValue={query.q}
            placeholder={t("search.placeholder")}
            className="input"
            maxLength={200}
            autoComplete="off"
          />
        </div>
        <button type="submit" className="btn btn-primary">
          {t("search.submit")}
        </button>
      </Form>

      {!results || !hasTerms ? (
        <section className="card space-y-3 text-stone-800" data-testid="search-intro">
          {results && <p className="font-medium">{t("search.noWords", { query: query.q })}</p>}
          <h2>{t("search.intro.title")}</h2>
          <p>{t("search.intro.body")}</p>
          <p>{t("search.intro.marks")}</p>
          <p className="flex flex-wrap items-center gap-2">
            <span>{t("search.intro.examples")}</span>
            {EXAMPLES.map((example) => (
              <Link key={example} to={hrefFor(example, null)} className="btn min-h-9 py-1">
                {example}
              </Link>
            ))}
          </p>
        </section>
      ) : (
        <>
          <nav aria-label={t("search.kinds.label")} className="flex flex-wrap gap-2 text-sm">
            <KindLink href={hrefFor(query.q, null)} current={query.kind === null}>
              {countLabel(t("search.kind.all"), SEARCH_KINDS, all)}
            </KindLink>
            {SEARCH_KINDS.map((kind) => (
              <KindLink key={kind} href={hrefFor(query.q, kind)} current={query.kind === kind}>
                {countLabel(t(`search.kind.${kind}`), [kind], results.counts[kind])}
              </KindLink>
            ))}
          </nav>

          {results.hits.length === 0 ? (
            <section className="card space-y-2 text-stone-800" data-testid="search-empty">
              <p className="font-medium">{t("search.empty.title", { query: query.q })}</p>
              <ul className="list-disc space-y-1 pl-6">
                {query.kind && all > 0 ? (
                  <li>
                    <Link to={hrefFor(query.q, null)}>{t("search.empty.kind")}</Link>
                  </li>
                ) : null}
                {results.terms.length > 1 && <li>{t("search.empty.fewer")}</li>}
                <li>{t("search.empty.marks")}</li>
                <li>{t("search.empty.scope")}</li>
              </ul>
            </section>
          ) : (
            <>
              <p className="text-sm text-stone-700" aria-live="polite">
                {t("search.shown", { from: results.from, to: results.to, total: results.total, query: query.q })}
              </p>
              {results.capped.length > 0 && <p className="text-sm text-stone-700">{t("search.capped", { count: cap })}</p>}
              <ol className="space-y-3" data-testid="search-results">
                {results.hits.map((hit) => (
                  <Result key={`${hit.kind}-${hit.id}`} hit={hit} />
                ))}
              </ol>
              {results.pages > 1 && (
                <nav aria-label={t("search.pagination")} className="flex items-center justify-between gap-3">
                  {results.page > 1 ? (
                    <Link className="btn" rel="prev" to={hrefFor(query.q, query.kind, results.page - 1)}>
                      {t("common.previous")}
                    </Link>
                  ) : (
                    <span />
                  )}
                  <span className="text-sm">{t("common.pageOf", { page: results.page, pages: results.pages })}</span>
                  {results.page < results.pages ? (
                    <Link className="btn" rel="next" to={hrefFor(query.q, query.kind, results.page + 1)}>
                      {t("common.next")}
                    </Link>
                  ) : (
                    <span />
                  )}
                </nav>
              )}
            </>
          )}
        </>
      )}
    </div>
  );
}

/** Text with the matching words in <mark>; React escapes every piece. */
function Marked({ segments }: { segments: Segment[] }) {
  return (
    <>
      {segments.map((s, i) =>
        s.mark ? (
          <mark key={i} className="rounded-sm bg-yellow-200 px-0.5 text-inherit">
            {s.text}
          </mark>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </>
  );
}

function Result({ hit }: { hit: SearchHit }) {
  const t = useT();
  return (
    <li className="card space-y-1" data-testid={`search-hit-${hit.kind}-${hit.id}`}>
      <p className="flex flex-wrap items-center gap-2 text-xs">
        <Badge label={t(`search.kind.${hit.kind}`)} />
        {hit.kind === "blocker" && <BlockerStatusBadge status={hit.status} />}
        {hit.kind === "task" && <TaskStatusBadge status={hit.tracking} />}
        {hit.kind === "notice" && !hit.number && <Badge label={t("search.result.noticeDraft")} tone="warn" />}
      </p>
      <h2 className="text-base font-semibold">
        <Link to={hit.href}>
          <Marked segments={hit.title} />
        </Link>
      </h2>
      {hit.snippet.length > 0 && (
        <p className="text-sm text-stone-800">
          <Marked segments={hit.snippet} />
        </p>
      )}
      <p className="flex flex-wrap gap-x-4 text-sm text-stone-600">
        {hit.agency && (
          <span>
            {t("search.result.agency")} <Marked segments={hit.agency} />
          </span>
        )}
        {hit.kind === "task" && hit.deadline && <span>{t("search.result.deadline", { date: formatShortDate(hit.deadline) })}</span>}
        {(hit.kind === "conclusion" || hit.kind === "notice") && <span>{t("search.result.meeting", { meeting: hit.meetingTitle })}</span>}
        {hit.kind === "notice" && hit.number && (
          <span>
            {t("search.result.number", { number: hit.number })} {hit.issuedOn ? t("search.result.issuedOn", { date: formatShortDate(hit.issuedOn) }) : ""}
          </span>
        )}
      </p>
    </li>
  );
}

function KindLink({ href, current, children }: { href: string; current: boolean; children: React.ReactNode }) {
  return (
    <Link
      to={href}
      aria-current={current ? "page" : undefined}
      className={`inline-flex min-h-11 items-center rounded border px-3 no-underline hover:no-underline ${
        current ? "border-stone-800 bg-stone-800 text-white" : "border-stone-300 bg-white text-stone-800 hover:bg-stone-100"
      }`}
    >
      {children}
    </Link>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
