import { data } from "@remix-run/node";
import { can, type Action, type Actor, type Resource } from "./permissions";

/** Throws a 403 response unless the actor may act; the first lines of a loader or action. */
export function requirePermission(actor: Actor, action: Action, resource: Resource = {}): void {
  if (!can(actor, action, resource)) {
    throw data({ status: 403 }, { status: 403 });
  }
}

export function notFound(): never {
  throw data({ status: 404 }, { status: 404 });
}

export function conflict(messageKey: string): never {
  throw data({ status: 409, messageKey }, { status: 409 });
}
