import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { z } from "zod";

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_PATH: z.string().min(1, "DATABASE_PATH must not be empty").default("data/giaoban.db"),
  PORT: z.coerce
    .number({ error: "PORT must be a number" })
    .int("PORT must be a whole number")
    .min(1, "PORT must be between 1 and 65535")
    .max(65535, "PORT must be between 1 and 65535")
    .default(3000),
  SESSION_SECRET: z.string().min(32, "SESSION_SECRET must be at least 32 characters").optional(),
  SESSION_DAYS: z.coerce.number().int().min(1).max(90).default(14),
  PUBLIC_URL: z.string().url("PUBLIC_URL must be a full URL such as https://giaoban.example.gov.vn").optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s/]+/, "SMTP_URL must look like smtp://user:password@mail.example.gov.vn:587 (or smtps://… for port 465)")
    .optional(),
  MAIL_FROM: z.string().min(3, "MAIL_FROM must be an address such as Giao ban <giaoban@example.gov.vn>").optional(),
  REMINDER_TIME: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "REMINDER_TIME must be HH:MM (24-hour, Vietnam time), such as 07:00")
    .default("07:00"),
});

export type Env = z.infer<typeof EnvSchema> & { SESSION_SECRET: string };

/** Parses the environment; a bad value stops the process with a message naming it. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = EnvSchema.safeParse(stripEmpty(source));
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const env = result.data;
  return { ...env, SESSION_SECRET: env.SESSION_SECRET ?? persistedSecret(env.DATABASE_PATH) };
}

function stripEmpty(source: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== "")) as Record<string, string>;
}

/**
 * Without SESSION_SECRET a random one is made once and kept beside the
 * database, so `npm start` works out of the box and restarts keep sessions.
 */
function persistedSecret(databasePath: string): string {
  if (databasePath === ":memory:") return randomBytes(32).toString("hex");
  const file = join(dirname(resolve(databasePath)), "session-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("hex");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= parseEnv();
  return cached;
}
