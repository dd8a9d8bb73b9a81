/**
 * Calls loaders and actions the way Remix does, with a real `Request`, and
 * turns whatever they return or throw (data(), redirect(), a Response) into
 * one shape a test can assert on.
 */
import { getSessionUser, type SessionUser } from "../../app/utils/auth.server";
import { createSession } from "../../app/utils/session.server";

const BASE = "http://localhost";

export interface Outcome<T = any> {
  status: number;
  data: T;
  headers: Headers;
  location: string | null;
}

export async function sessionCookieFor(userId: number): Promise<string> {
  const setCookie = await createSession(userId, { ip: null, userAgent: "vitest", secure: false });
  return setCookie.split(";")[0];
}

/** The user as a loader sees them once signed in (a fresh session each call). */
export async function sessionUserOf(userId: number): Promise<SessionUser> {
  const user = await getSessionUser(await getRequest("/", userId));
  if (!user) throw new Error(`no session for user ${userId}`);
  return user;
}

export async function getRequest(path: string, userId?: number): Promise<Request> {
  const headers = new Headers();
  if (userId !== undefined) headers.set("Cookie", await sessionCookieFor(userId));
  return new Request(BASE + path, { headers });
}

export async function postRequest(path: string, fields: Record<string, string | string[]>, userId?: number): Promise<Request> {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) {
    for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  }
  const headers = new Headers({ "Content-Type": "application/x-www-form-urlencoded", Origin: BASE });
  if (userId !== undefined) headers.set("Cookie", await sessionCookieFor(userId));
  return new Request(BASE + path, { method: "POST", body, headers });
}

function isDataWithInit(x: unknown): x is { type: string; data: unknown; init: ResponseInit | null } {
  return !!x && typeof x === "object" && (x as { type?: string }).type === "DataWithResponseInit";
}

async function normalize(x: unknown): Promise<Outcome> {
  if (x instanceof Response) {
    const type = x.headers.get("Content-Type") ?? "";
    const data = type.includes("json") ? await x.json() : await x.text();
    return { status: x.status, data, headers: x.headers, location: x.headers.get("Location") };
  }
  if (isDataWithInit(x)) {
    const headers = new Headers(x.init?.headers);
    return { status: x.init?.status ?? 200, data: x.data, headers, location: headers.get("Location") };
  }
  return { status: 200, data: x, headers: new Headers(), location: null };
}

type Handler = (args: { request: Request; params: Record<string, string>; context: any }) => unknown;

/** Runs a loader or action; thrown responses are outcomes too, thrown errors still fail the test. */
export async function call(handler: Handler, request: Request, params: Record<string, string> = {}, context: Record<string, unknown> = {}): Promise<Outcome> {
  try {
    return await normalize(await handler({ request, params, context }));
  } catch (e) {
    if (e instanceof Response || isDataWithInit(e)) return normalize(e);
    throw e;
  }
}
