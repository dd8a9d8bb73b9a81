/**
 * The fields of a list's filter form (a GET form, so a filtered list is a
 * link): each a label above its control, the control's id taken from the
 * field's name unless given.
 */
import type { ReactNode } from "react";

export interface FilterChoice {
  value: string | number;
  label: ReactNode;
}

interface FilterFieldProps {
  name: string;
  label: string;
  /** The control's id; `filter-<name>` by default. */
  id?: string;
  className?: string;
}

/** A choice among `options`, listed as given: a list puts its own "all" first, with the value it reads as no filter. */
export function FilterSelect({
  name,
  label,
  id = `filter-${name}`,
  className,
  value,
  options,
}: FilterFieldProps & { value: string; options: readonly FilterChoice[] }) {
  return (
    <div className={className}>
      <label htmlFor={id} className="label">
        {label}
      </label>
      <select id={id} name={name} defaultValue={value} className="input">
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A day, as the browser's date picker gives it (YYYY-MM-DD); empty for no bound. */
export function FilterDate({ name, label, id = `filter-${name}`, className, value }: FilterFieldProps & { value: string | null }) {
  return (
    <div className={className}>
      <label htmlFor={id} className="label">
        {label}
      </label>
      <input id={id} name={name} type="date" className="input" defaultValue={value ?? ""} />
    </div>
  );
}
