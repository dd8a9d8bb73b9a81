/** The confirmation step of a withdrawal: a form that posts confirm=yes, so it works without JavaScript. */
import { Form, Link } from "@remix-run/react";
import { FormKey } from "~/components/form-key";
import type { FieldErrors } from "~/utils/forms";
import { useT } from "~/utils/use-t";

export function WithdrawConfirm({ errors }: { errors?: FieldErrors }) {
  const t = useT();
  return (
    <section className="card border-l-4 border-l-red-700" aria-labelledby="withdraw-title" role="alertdialog">
      <h2 id="withdraw-title">{t("blockers.withdraw.title")}</h2>
      <p className="mt-2">{t("blockers.withdraw.body")}</p>
      {errors?.confirm && <p className="field-error">{t(errors.confirm.key)}</p>}
      <Form method="post" className="mt-3 flex flex-wrap gap-3">
        <FormKey />
        <input type="hidden" name="confirm" value="yes" />
        <button type="submit" name="intent" value="withdraw" className="btn btn-danger">
          {t("blockers.withdraw.confirm")}
        </button>
        <Link to="." className="btn">
          {t("blockers.action.cancel")}
        </Link>
      </Form>
    </section>
  );
}
