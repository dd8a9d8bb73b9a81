/** The pieces every form of a task's page is built from. */
import { useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { FormAlert } from "~/components/field";
import { useT } from "~/utils/use-t";
import type { TaskActionReply } from "~/features/tasks/task-page-rules";
import type { TaskIntent } from "~/features/tasks/tasks-schemas";

/** A request or a completion report as the chair decided it (or has not yet). */
export const DECISION_TONE = { pending: "warn", approved: "good", rejected: "bad" } as const;

/** Sends the form with its intent; disabled while that intent is on its way, so a double click writes once. */
export function SubmitButton({ intent, children, tone = "primary" }: { intent: TaskIntent; children: ReactNode; tone?: "primary" | "plain" | "danger" }) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === intent;
  const cls = tone === "primary" ? "btn btn-primary" : tone === "danger" ? "btn btn-danger" : "btn";
  return (
    <button type="submit" name="intent" value={intent} className={cls} disabled={busy}>
      {children}
    </button>
  );
}

/** A form folded away until wanted; open again when the server sent it back with errors. Works without JavaScript. */
export function Disclosure({ title, open, children }: { title: string; open: boolean; children: ReactNode }) {
  return (
    <details className="mt-4 border-t border-stone-200 pt-2" open={open}>
      <summary className="flex min-h-11 cursor-pointer items-center font-semibold text-blue-900">{title}</summary>
      <div className="mt-2">{children}</div>
    </details>
  );
}

/** Why the action refused this form: a conflict in words, or a pointer to the fields' own errors. */
export function ReplyAlert({ reply }: { reply?: TaskActionReply }) {
  const t = useT();
  if (!reply) return null;
  if (reply.formError) return <FormAlert>{t(reply.formError)}</FormAlert>;
  if (reply.errors) return <FormAlert>{t("common.formInvalid")}</FormAlert>;
  return null;
}
