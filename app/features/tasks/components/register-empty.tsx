/** An empty register says why it is empty and offers the way out: every agency, no filters, or the meetings. */
import { Link } from "@remix-run/react";
import { useT } from "~/utils/use-t";

export function EmptyRegister({ isDefault, filtered }: { isDefault: boolean; filtered: boolean }) {
  const t = useT();
  return (
    <section className="card text-center" data-testid="register-empty">
      <h2>{t("tasks.empty.title")}</h2>
      <p className="mx-auto mt-2 max-w-2xl text-stone-700">
        {isDefault ? t("tasks.empty.mine") : filtered ? t("tasks.empty.filtered") : t("tasks.empty.none")}
      </p>
      <p className="mt-4 flex flex-wrap justify-center gap-2">
        {isDefault && (
          <Link to="/tasks?agency=all" className="btn">
            {t("tasks.register.seeAll")}
          </Link>
        )}
        {filtered && (
          <Link to="/tasks" className="btn">
            {t("tasks.filter.reset")}
          </Link>
        )}
        <Link to="/meetings" className="btn">
          {t("tasks.empty.meetings")}
        </Link>
      </p>
    </section>
  );
}
