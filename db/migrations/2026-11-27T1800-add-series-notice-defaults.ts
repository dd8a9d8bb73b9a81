import { sql, type Kysely } from "kysely";

/** Each series' standing recipients and signature block, which every new notice starts from. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE series ADD COLUMN standing_recipients TEXT NOT NULL DEFAULT '- Chủ tịch, các PCT UBND tỉnh;
- Như thành phần mời dự;'`.execute(db);
  await sql`ALTER TABLE series ADD COLUMN archive_line TEXT NOT NULL DEFAULT '- Lưu: VT, TH.'`.execute(db);
  await sql`ALTER TABLE series ADD COLUMN signer_authority TEXT NOT NULL DEFAULT 'TL. CHỦ TỊCH
KT. CHÁNH VĂN PHÒNG'`.execute(db);
  await sql`ALTER TABLE series ADD COLUMN signer_title TEXT NOT NULL DEFAULT 'PHÓ CHÁNH VĂN PHÒNG'`.execute(db);
  await sql`ALTER TABLE series ADD COLUMN signer_name TEXT NOT NULL DEFAULT ''`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const c of ["signer_name", "signer_title", "signer_authority", "archive_line", "standing_recipients"]) {
    await sql`ALTER TABLE series DROP COLUMN ${sql.raw(c)}`.execute(db);
  }
}
