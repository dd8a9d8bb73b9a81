import { randomBytes } from "node:crypto";

/** The seed of a page's form keys (components/form-key.tsx): unguessable, new on every root load. */
export function formSeed(): string {
  return randomBytes(12).toString("base64url");
}
