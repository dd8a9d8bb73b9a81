/** The office's form to cancel the task, folded away: a rare and final step. */
import { Form } from "@remix-run/react";
import { TextAreaField } from "~/components/field";
import { FormKey } from "~/components/form-key";
import type { TaskActionReply } from "~/features/tasks/task-page-rules";
import { valueOf } from "~/utils/forms";
import { useT } from "~/utils/use-t";
import { ReplyAlert, SubmitButton } from "./task-form-parts";

export function CancelSection({ version, reply }: { version: number; reply?: TaskActionReply }) {
  const t = useT();
  return (
    <details className="card" open={reply !== undefined} id="cancel">
      <summary className="cursor-pointer font-semibold min-h-11 flex items-center">{t("tasks.cancel.title")}</summary>
      <Form method="post" className="mt-3" noValidate>
        <FormKey />
        <p className="mb-3 text-sm text-stone-700">{t("tasks.cancel.help")}</p>
        <ReplyAlert reply={reply} />
        <input type="hidden" name="version" value={version} />
        <TextAreaField
          label={t("tasks.cancel.reason")}
          name="cancelReason"
          required
          error={reply?.errors?.cancelReason}
          defaultValue={valueOf(reply?.values, "cancelReason") ?? ""}
          maxLength={2000}
        />
        <SubmitButton intent="cancel" tone="danger">
          {t("tasks.cancel.submit")}
        </SubmitButton>
      </Form>
    </details>
  );
}
