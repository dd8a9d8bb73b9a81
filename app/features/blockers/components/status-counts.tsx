/** The list's counts by status, each a link to that status with the same filters. */
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { BLOCKER_STATUSES } from "../../../../db/schema";
import type { BlockerList } from "~/features/blockers/blockers-list.server";
import { useT } from "~/utils/use-t";
import { listHref } from "./list-links";

export function StatusCounts({ list, search }: { list: Pick<BlockerList, "status" | "counts" | "countAll">; search: string }) {
  const t = useT();
  return (
    <nav aria-label={t("blockers.counts.label")} className="flex flex-wrap gap-2 text-sm">
      <StatusLink href={listHref(search, { status: "all" })} current={list.status === "all"}>
        {t("blockers.counts.all")} ({list.countAll})
      </StatusLink>
      {BLOCKER_STATUSES.filter((s) => (list.counts[s] ?? 0) > 0 || list.status === s).map((s) => (
        <StatusLink key={s} href={listHref(search, { status: s })} current={list.status === s}>
          {t(`blockerStatus.${s}`)} ({list.counts[s] ?? 0})
        </StatusLink>
      ))}
    </nav>
  );
}

function StatusLink({ href, current, children }: { href: string; current: boolean; children: ReactNode }) {
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
