/** The blocker's number, title and standing, and the agency's buttons (edit, submit, withdraw). */
import { Form, Link } from "@remix-run/react";
import { FormKey } from "~/components/form-key";
import { Badge, BlockerStatusBadge } from "~/components/status-badge";
import type { BlockerPage } from "~/features/blockers/blockers-page.server";
import { useT } from "~/utils/use-t";

export function BlockerHeader({ blocker: b }: { blocker: BlockerPage["blocker"] }) {
  const t = useT();
  return (
    <header className="space-y-2">
      <p className="text-sm font-medium text-stone-600">{t("blockers.detail.number", { id: b.id })}</p>
      <h1>{b.title}</h1>
      <div className="flex flex-wrap gap-2">
        <BlockerStatusBadge status={b.status} />
        {b.isLate && <Badge label={t("blockers.late")} tone="warn" />}
        <Badge label={t(`pillar.${b.pillar}`)} />
        <Badge label={`${t("blockers.field.severity")}: ${t(`severity.${b.severity}`)}`} />
      </div>
    </header>
  );
}

export function AgencyActions({ blocker: b, abilities }: { blocker: BlockerPage["blocker"]; abilities: BlockerPage["abilities"] }) {
  const t = useT();
  if (!(abilities.edit || abilities.submit || abilities.withdraw)) return null;
  return (
    <div className="flex flex-wrap gap-3">
      {abilities.edit && (
        <Link to="?edit" className="btn">
          {t("blockers.action.edit")}
        </Link>
      )}
      {abilities.submit && (
        <Form method="post">
          <FormKey />
          <button type="submit" name="intent" value="submit" className="btn btn-primary">
            {b.status === "returned" ? t("blockers.action.resubmit") : t("blockers.action.submit")}
          </button>
        </Form>
      )}
      {abilities.withdraw && (
        <Link to="?withdraw" className="btn btn-danger">
          {t("blockers.action.withdraw")}
        </Link>
      )}
    </div>
  );
}
