/**
 * A small province for tests: two agencies (A and B), one series, and one
 * user of each kind. Passwords use a cheap scrypt cost to keep tests fast.
 */
import type { UserRole } from "../../db/schema";
import { getDb } from "../../app/utils/db.server";
import { hashPassword } from "../../app/utils/password.server";

export const TEST_PASSWORD = "mat-khau-thu-nghiem";
const CHEAP = { N: 1024, r: 8, p: 1 };

export interface Fixture {
  agencyA: number;
  agencyB: number;
  seriesId: number;
  users: Record<"admin" | "chair" | "secretary" | "headA" | "staffA" | "headB" | "staffB" | "observer" | "inactive", number>;
}

export async function cheapHash(password = TEST_PASSWORD): Promise<string> {
  return hashPassword(password, CHEAP);
}

export async function seedFixture(): Promise<Fixture> {
  const db = getDb();
  const at = new Date().toISOString();
  const hash = await cheapHash();
  const agency = async (code: string, vi: string, en: string) =>
    (
      await db
        .insertInto("agencies")
        .values({ code, name_vi: vi, name_en: en, kind: "department", parent_id: null, updated_at: at })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  const agencyA = await agency("SA", "Sở Tài nguyên và Môi trường", "Department of Natural Resources and Environment");
  const agencyB = await agency("SB", "UBND huyện Đầm Hà", "Đầm Hà District People's Committee");
  const seriesId = (
    await db
      .insertInto("series")
      .values({
        code: "CDS",
        name_vi: "Giao ban chuyển đổi số",
        name_en: "Digital transformation briefing",
        issuing_body: "ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH",
        notice_symbol: "TB-UBND",
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  const user = async (username: string, role: UserRole, agencyId: number | null, active = 1) =>
    (
      await db
        .insertInto("users")
        .values({
          username,
          email: `${username}@example.test`,
          full_name: `Người dùng ${username}`,
          title: null,
          password_hash: hash,
          role,
          agency_id: agencyId,
          active,
          updated_at: at,
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  const users = {
    admin: await user("admin", "admin", null),
    chair: await user("chair", "chair", null),
    secretary: await user("secretary", "secretary", null),
    headA: await user("head.a", "agency_head", agencyA),
    staffA: await user("staff.a", "agency_staff", agencyA),
    headB: await user("head.b", "agency_head", agencyB),
    staffB: await user("staff.b", "agency_staff", agencyB),
    observer: await user("observer", "observer", null),
    inactive: await user("inactive", "agency_head", agencyA, 0),
  };
  await db
    .insertInto("series_members")
    .values([
      { series_id: seriesId, user_id: users.chair, role: "chair" },
      { series_id: seriesId, user_id: users.secretary, role: "secretary" },
    ])
    .execute();
  await db
    .insertInto("series_agencies")
    .values([
      { series_id: seriesId, agency_id: agencyA },
      { series_id: seriesId, agency_id: agencyB },
    ])
    .execute();
  return { agencyA, agencyB, seriesId, users };
}
