import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";
import type { FieldError } from "~/utils/forms";
import { useT } from "~/utils/use-t";

interface Common {
  label: string;
  name: string;
  /** Defaults to the name; set it when one page has several forms with the same field. */
  id?: string;
  error?: FieldError;
  hint?: string;
}

function Wrapper({ label, name, error, hint, children }: Omit<Common, "id"> & { children: ReactNode }) {
  const t = useT();
  return (
    <div className="mb-4">
      <label htmlFor={name} className="label">
        {label}
      </label>
      {children}
      {hint && (
        <p id={`${name}-hint`} className="mt-1 text-sm text-stone-600">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${name}-error`} className="field-error" role="alert">
          {t(error.key, error.params)}
        </p>
      )}
    </div>
  );
}

function describedBy(name: string, error?: FieldError, hint?: string) {
  return [error ? `${name}-error` : null, hint ? `${name}-hint` : null].filter(Boolean).join(" ") || undefined;
}

export function TextField({ label, name, id, error, hint, ...rest }: Common & InputHTMLAttributes<HTMLInputElement>) {
  const fid = id ?? name;
  return (
    <Wrapper label={label} name={fid} error={error} hint={hint}>
      <input id={fid} name={name} className="input" aria-invalid={error ? true : undefined} aria-describedby={describedBy(fid, error, hint)} {...rest} />
    </Wrapper>
  );
}

export function TextAreaField({ label, name, id, error, hint, ...rest }: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const fid = id ?? name;
  return (
    <Wrapper label={label} name={fid} error={error} hint={hint}>
      <textarea
        id={fid}
        name={name}
        className="input min-h-28"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(fid, error, hint)}
        {...rest}
      />
    </Wrapper>
  );
}

export function SelectField({
  label,
  name,
  id,
  error,
  hint,
  options,
  ...rest
}: Common & SelectHTMLAttributes<HTMLSelectElement> & { options: Array<{ value: string; label: string }> }) {
  const fid = id ?? name;
  return (
    <Wrapper label={label} name={fid} error={error} hint={hint}>
      <select id={fid} name={name} className="input" aria-invalid={error ? true : undefined} aria-describedby={describedBy(fid, error, hint)} {...rest}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Wrapper>
  );
}

/** A banner above a form when the server refused it. */
export function FormAlert({ children, tone = "error" }: { children: ReactNode; tone?: "error" | "success" }) {
  const cls = tone === "error" ? "border-red-700 bg-red-50 text-red-900" : "border-green-700 bg-green-50 text-green-900";
  return (
    <div role={tone === "error" ? "alert" : "status"} className={`mb-4 rounded border-l-4 p-3 text-sm ${cls}`}>
      {children}
    </div>
  );
}
