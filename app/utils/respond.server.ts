/**
 * How an action answers (docs/decisions/0023-forms-and-ids.md): one helper
 * turns a change's outcome (write.server.ts) into the response, and one
 * shape carries a form back to its page with what went wrong and what the
 * user typed, so the form shows both without JavaScript.
 */
import { data } from "@remix-run/node";
import type { MessageKey } from "~/i18n";
import { formValues, type FieldErrors, type FormValues } from "./forms";
import type { Outcome, Refused } from "./write.server";

/** What a refused form gets back: the intent it was sent with, the errors (by field, or one for the form), what was typed. */
export interface FormFailure {
  intent: string | null;
  errors?: FieldErrors;
  formError?: MessageKey;
  detail?: Readonly<Record<string, unknown>>;
  values: FormValues;
}

/**
 * 400 with field errors, or 409 with a message, and the form as typed.
 * Secrets (passwords) are never echoed. `init` sets another status or
 * headers (a throttled password check: 429 with Retry-After).
 */
export function formFailure(
  form: FormData,
  failure: { errors: FieldErrors } | { formError: MessageKey; detail?: Readonly<Record<string, unknown>> },
  init?: ResponseInit,
) {
  const intent = form.get("intent");
  const body: FormFailure = { intent: typeof intent === "string" ? intent : null, ...failure, values: formValues(form) };
  return data(body, { ...init, status: init?.status ?? ("errors" in failure ? 400 : 409) });
}

/** A refusal as its response: the form back for 400 and 409; 403 and 404 go to the error page. */
export function refused(form: FormData, outcome: Refused) {
  switch (outcome.status) {
    case 400:
      return formFailure(form, { errors: outcome.errors });
    case 409:
      return formFailure(form, { formError: outcome.messageKey, detail: outcome.detail });
    case 403:
    case 404:
      throw data({ status: outcome.status }, { status: outcome.status });
  }
}

/** The response to a change: `onOk` with its value (usually a redirect), else the refusal's. */
export function respond<T, R>(form: FormData, outcome: Outcome<T>, onOk: (value: T) => R) {
  return outcome.ok ? onOk(outcome.value) : refused(form, outcome);
}

/**
 * A form that shows its field errors (400) but whose other refusals — a
 * locked agenda, a session already over — are the error page's.
 */
export function respondFields<T, R>(form: FormData, outcome: Outcome<T>, onOk: (value: T) => R) {
  return !outcome.ok && outcome.status === 400 ? formFailure(form, { errors: outcome.errors }) : onOk(valueOrThrow(outcome));
}

/**
 * The value of a change made by a button rather than a form to correct (a
 * move along the cycle): a refusal goes to the error page, which shows its
 * message in the reader's language.
 */
export function valueOrThrow<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  if (outcome.status === 409) throw data({ status: 409, messageKey: outcome.messageKey }, { status: 409 });
  throw data({ status: outcome.status }, { status: outcome.status });
}
