import { DEMO_PASSWORD, DEMO_USERS } from "./quang-ninh";

const ROLE_VI: Record<string, string> = {
  admin: "Quản trị",
  chair: "Chủ trì",
  secretary: "Thư ký",
  agency_head: "Lãnh đạo đơn vị",
  agency_staff: "Chuyên viên",
  observer: "Theo dõi",
};

/** The demo sign-ins as a plain-text table for the console. */
export function demoAccountsTable(): string {
  const rows = DEMO_USERS.map((u) => [ROLE_VI[u.role] ?? u.role, u.username, DEMO_PASSWORD, u.agency ?? "—"]);
  const header = ["Vai trò / role", "Tên đăng nhập / user", "Mật khẩu / password", "Đơn vị / agency"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}
