import { useRouteLoaderData } from "@remix-run/react";
import { useId } from "react";
import type { RootData } from "~/root";

/**
 * The form's one-time key (see utils/write.server.ts): a seed the page got
 * with its document or its last revalidation, and this form's place on the
 * page. The server stores the key with the change, so the same form sent
 * twice is stored once. Any successful change revalidates the root, which
 * brings a new seed: the next submission is a new one.
 */
export function FormKey() {
  const root = useRouteLoaderData("root") as RootData | undefined;
  const id = useId();
  if (!root?.formSeed) return null;
  return <input type="hidden" name="_key" value={`${root.formSeed}.${id.replace(/[^A-Za-z0-9]/g, "")}`} />;
}
