import { defineStrings } from "./define";

export const blockers = defineStrings(
  {
    "blockers.title": "Khó khăn, vướng mắc",
  },
  {
    "blockers.title": "Blockers",
  },
);
