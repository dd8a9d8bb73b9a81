import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "./password.server";

const CHEAP = { N: 1024, r: 8, p: 1 };

describe("password hashing", () => {
  it("verifies the right password and refuses a wrong one", async () => {
    const hash = await hashPassword("Mật khẩu đúng 2023", CHEAP);
    expect(hash.startsWith("scrypt$1024$8$1$")).toBe(true);
    expect(await verifyPassword("Mật khẩu đúng 2023", hash)).toBe(true);
    expect(await verifyPassword("Mật khẩu sai 2023", hash)).toBe(false);
  });

  it("salts every hash", async () => {
    expect(await hashPassword("same", CHEAP)).not.toBe(await hashPassword("same", CHEAP));
  });

  it("treats the same Vietnamese text typed as NFC or NFD as the same password", async () => {
    const hash = await hashPassword("Đầm Hà".normalize("NFD"), CHEAP);
    expect(await verifyPassword("Đầm Hà".normalize("NFC"), hash)).toBe(true);
  });

  it("refuses malformed stored hashes instead of throwing", async () => {
    expect(await verifyPassword("x", "not-a-hash")).toBe(false);
    expect(await verifyPassword("x", "bcrypt$1$2$3$4$5")).toBe(false);
  });

  it("uses a strong cost by default", async () => {
    const hash = await hashPassword("default cost");
    expect(hash.split("$")[1]).toBe(String(2 ** 17));
  });
});
