import { TextField } from "~/components/field";
import type { FieldErrors } from "~/utils/forms";
import { MIN_PASSWORD_LENGTH } from "./users-rules";

/**
 * A new password typed twice, with the rule said under it: the user's own
 * change and an administrator's reset ask the same way.
 */
export function NewPasswordFields({ labels, errors }: { labels: { password: string; confirm: string; hint: string }; errors?: FieldErrors }) {
  return (
    <>
      <TextField
        label={labels.password}
        name="password"
        type="password"
        required
        minLength={MIN_PASSWORD_LENGTH}
        autoComplete="new-password"
        error={errors?.password}
        hint={labels.hint}
      />
      <TextField label={labels.confirm} name="passwordConfirm" type="password" required autoComplete="new-password" error={errors?.passwordConfirm} />
    </>
  );
}
