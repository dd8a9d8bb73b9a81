import { z } from "zod";
import { f } from "~/utils/forms";

export const NoticeEditSchema = z.object({
  intent: z.literal("save"),
  summary: f.text(1000),
  opening: f.text(10_000),
  closing: f.text(2000),
  recipients: f.text(5000),
  signerAuthority: f.text(200),
  signerTitle: f.text(200),
  signerName: f.text(200),
});
export type NoticeEditInput = z.output<typeof NoticeEditSchema>;
