import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { dictionaries, type MessageKey } from "~/i18n";
import { useT } from "~/utils/use-t";

const KNOWN = new Set([400, 403, 404, 409]);

/** Every route's error boundary: the status and what it means, in the reader's language. */
export function ErrorPage() {
  const t = useT();
  const error = useRouteError();
  let status = 500;
  let messageKey: MessageKey = "error.500";
  if (isRouteErrorResponse(error)) {
    status = error.status;
    const data = error.data as { messageKey?: string } | null;
    if (data && typeof data.messageKey === "string" && data.messageKey in dictionaries.vi) {
      messageKey = data.messageKey as MessageKey;
    } else if (KNOWN.has(status)) {
      messageKey = `error.${status}` as MessageKey;
    } else if (status < 500) {
      messageKey = "error.400";
    }
  } else {
    console.error(error);
  }
  return (
    <div className="mx-auto max-w-xl py-12" role="alert">
      <p className="text-sm font-medium text-stone-600">{t("error.code", { status })}</p>
      <h1 className="mt-1">{t("error.title")}</h1>
      <p className="mt-4 text-base">{t(messageKey)}</p>
      <p className="mt-6">
        <Link to="/" className="btn">
          {t("error.goHome")}
        </Link>
      </p>
    </div>
  );
}
