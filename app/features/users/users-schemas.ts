import { z } from "zod";
import { USER_ROLES, type UserRole } from "../../../db/schema";
import { f, parseId } from "~/utils/forms";
import { parseActiveFilter, parsePage, parseQuery } from "~/features/admin/listing";
import { passwordWeakness } from "./password-rules";
import { MIN_PASSWORD_LENGTH, roleNeedsAgency } from "./users-rules";

/** Sign-in names: lower-case Latin letters, digits, dot, dash, underscore. */
const username = () =>
  f
    .text(50)
    .transform((s) => s.toLowerCase())
    .pipe(
      z
        .string()
        .min(3, "validation.tooShort")
        .regex(/^[a-z0-9][a-z0-9._-]*$/, "admin.user.usernameFormat"),
    );

/** Passwords are taken exactly as typed: never trimmed (the hash normalises to NFC). */
const password = () => z.string({ error: "validation.required" }).min(MIN_PASSWORD_LENGTH, "validation.tooShort").max(200, "validation.tooLong");

const profile = {
  fullName: f.text(120),
  title: f.optionalText(200),
  email: f.email(),
  role: f.choice(USER_ROLES),
  agencyId: f.optionalId(),
};

/** Only when neither field has its own error, so every problem shows at once without doubling up. */
const fieldsValid =
  (...fields: string[]) =>
  (payload: { issues: ReadonlyArray<{ path?: PropertyKey[] }> }) =>
    payload.issues.every((i) => !fields.includes(String(i.path?.[0])));

/** What an attacker may know of a password's owner; a password must not be made of it. */
export interface PasswordOwner {
  username: string;
  fullName: string;
  email: string | null;
}

/**
 * Refusals of an easily guessed password (password-rules.ts), as two checks
 * on the form so each reason has its own message next to the field. They run
 * once the password itself has the right length.
 */
function refuseWeak<T extends z.ZodType<{ password: string }>>(schema: T, ownerOf: (v: z.output<T>) => PasswordOwner) {
  // On a form with other errors, the other fields may not be strings yet: only strings count.
  const personal = (v: z.output<T>) => {
    const o = ownerOf(v);
    return [o.username, o.fullName, o.email].filter((p): p is string => typeof p === "string");
  };
  return schema
    .refine((v) => passwordWeakness(v.password, personal(v)) !== "personal", {
      message: "account.password.personal",
      path: ["password"],
      when: fieldsValid("password"),
    })
    .refine((v) => passwordWeakness(v.password, personal(v)) !== "common", {
      message: "account.password.common",
      path: ["password"],
      when: fieldsValid("password"),
    });
}

const agencyForRole = (v: { role: UserRole; agencyId: number | null }) => !(roleNeedsAgency(v.role) && v.agencyId === null);
const agencyForRoleIssue = { message: "admin.user.agencyRequired", path: ["agencyId"], when: fieldsValid("role", "agencyId") };

export const NewUserSchema = refuseWeak(
  z.object({ username: username(), ...profile, password: password() }).refine(agencyForRole, agencyForRoleIssue),
  (v) => ({ username: v.username, fullName: v.fullName, email: v.email }),
);
export type NewUserInput = z.output<typeof NewUserSchema>;

export const UserProfileSchema = z.object(profile).refine(agencyForRole, agencyForRoleIssue);
export type UserProfileInput = z.output<typeof UserProfileSchema>;

/** An administrator's reset: held to the same rule as the user's own choice, though the user must replace it anyway. */
export function passwordResetSchema(owner: PasswordOwner) {
  return refuseWeak(z.object({ password: password(), passwordConfirm: z.string().optional().default("") }), () => owner).refine(
    (v) => v.password === v.passwordConfirm,
    {
      message: "admin.user.passwordMismatch",
      path: ["passwordConfirm"],
      when: fieldsValid("password", "passwordConfirm"),
    },
  );
}

/** Tài khoản → Đổi mật khẩu: the current password, the new one twice, and where to go afterwards. */
export function changePasswordSchema(owner: PasswordOwner) {
  const fields = z.object({
    currentPassword: z.string({ error: "validation.required" }).min(1, "validation.required").max(200, "validation.tooLong"),
    password: password(),
    passwordConfirm: z.string().optional().default(""),
    redirectTo: z.string().max(2000).optional(),
  });
  const notTheSame = fields.refine((v) => v.password !== v.currentPassword, {
    message: "account.password.sameAsCurrent",
    path: ["password"],
    when: fieldsValid("password", "currentPassword"),
  });
  return refuseWeak(notTheSame, () => owner).refine((v) => v.password === v.passwordConfirm, {
    message: "account.password.mismatch",
    path: ["passwordConfirm"],
    when: fieldsValid("password", "passwordConfirm"),
  });
}

export const USER_INTENTS = ["save", "deactivate", "reactivate", "reset-password"] as const;
export const UserIntentSchema = z.object({ intent: z.enum(USER_INTENTS, { error: "admin.unknownIntent" }) });

export interface UserFilters {
  q: string;
  role: (typeof USER_ROLES)[number] | null;
  agencyId: number | null;
  active: boolean | null;
  page: number;
}

export function parseUserFilters(params: URLSearchParams): UserFilters {
  const role = params.get("role");
  const agency = params.get("agency");
  return {
    q: parseQuery(params.get("q")),
    role: (USER_ROLES as readonly string[]).includes(role ?? "") ? (role as UserFilters["role"]) : null,
    agencyId: parseId(agency),
    active: parseActiveFilter(params.get("active")),
    page: parsePage(params.get("page")),
  };
}
