import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../../db/demo/quang-ninh";
import { COMMON_PASSWORDS, passwordWeakness } from "./password-rules";

const none: string[] = [];

describe("passwordWeakness", () => {
  it.each([
    "password123",
    "Password1234",
    "P@ssw0rd2024",
    "1234567890",
    "0987654321",
    "qwertyuiop",
    "QWERTYUIOP123",
    "1qaz2wsx3edc",
    "aaaaaaaaaaaa",
    "abcabcabcabc",
    "iloveyou2024",
    "matkhau12345",
    "Mật khẩu 2024",
    "anhyeuem@123",
    "admin@123456",
    "quantri2024!",
    "12345678abc",
    "passwordpassword",
  ])("refuses the common or guessable %s", (password) => {
    expect(passwordWeakness(password, none)).toBe("common");
  });

  it("refuses the demo password and anything like it", () => {
    expect(passwordWeakness(DEMO_PASSWORD, none)).toBe("common");
    for (const p of ["giaoban2023", "Giaoban2024", "GIAOBAN@2023", "giao-ban-2023", "2023giaoban", "giaoban2023!"]) {
      expect(passwordWeakness(p, none), p).toBe("common");
    }
  });

  it("refuses the user's own name, with or without digits or separators", () => {
    const personal = ["nguyen.van.binh", "Nguyễn Văn Bình", "binh.nv@example.test"];
    for (const p of ["nguyen.van.binh", "NguyenVanBinh", "Nguyễn Văn Bình", "nguyenvanbinh2024"]) {
      expect(passwordWeakness(p, personal), p).toBe("personal");
    }
    expect(passwordWeakness("Binh.nv-12345", personal)).toBe("personal");
  });

  it.each([
    "mat-khau-thu-nghiem",
    "Hoa-sen-no-tren-dam-2026",
    "toi di hoc luc 7 gio",
    "mật khẩu có dấu rất dài",
    "correct horse battery staple",
    "Xk9#mQ2$vL7p",
    "Nha toi o 0912 345 678",
  ])("accepts %s", (password) => {
    expect(passwordWeakness(password, ["nguyen.van.binh", "Nguyễn Văn Bình"])).toBeNull();
  });

  it("keeps a list of a few hundred, in the folded form it compares", () => {
    expect(COMMON_PASSWORDS.size).toBeGreaterThanOrEqual(200);
    for (const p of COMMON_PASSWORDS) expect(p, p).toMatch(/^[a-z0-9]+$/);
  });
});
