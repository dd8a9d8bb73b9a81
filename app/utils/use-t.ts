import { useRouteLoaderData } from "@remix-run/react";
import type { Locale } from "../../db/schema";
import { translator, type Translate } from "~/i18n";

/** The locale the root loader chose; Vietnamese when it is not available (e.g. in a root error). */
export function useLocale(): Locale {
  const data = useRouteLoaderData("root") as { locale?: Locale } | undefined;
  return data?.locale ?? "vi";
}

export function useT(): Translate {
  return translator(useLocale());
}
