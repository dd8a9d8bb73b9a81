import { z } from "zod";
import { USER_ROLES, type UserRole } from "../../../db/schema";
import { f } from "../../utils/forms";
import { parseActiveFilter, parsePage, parseQuery } from "../admin/listing";
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
const password = () =>
  z
    .string({ error: "validation.required" })
    .min(MIN_PASSWORD_LENGTH, "validation.tooShort")
    .max(200, "validation.tooLong");

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

const agencyForRole = (v: { role: UserRole; agencyId: number | null }) => !(roleNeedsAgency(v.role) && v.agencyId === null);
const agencyForRoleIssue = { message: "admin.user.agencyRequired", path: ["agencyId"], when: fieldsValid("role", "agencyId") };

export const NewUserSchema = z
  .object({ username: username(), ...profile, password: password() })
  .refine(agencyForRole, agencyForRoleIssue);
export type NewUserInput = z.output<typeof NewUserSchema>;

export const UserProfileSchema = z.object(profile).refine(agencyForRole, agencyForRoleIssue);
export type UserProfileInput = z.output<typeof UserProfileSchema>;

export const PasswordResetSchema = z
  .object({ password: password(), passwordConfirm: z.string().optional().default("") })
  .refine((v) => v.password === v.passwordConfirm, {
    message: "admin.user.passwordMismatch",
    path: ["passwordConfirm"],
    when: fieldsValid("password", "passwordConfirm"),
  });

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
    agencyId: agency && /^[1-9]\d{0,9}$/.test(agency) ? Number(agency) : null,
    active: parseActiveFilter(params.get("active")),
    page: parsePage(params.get("page")),
  };
}
