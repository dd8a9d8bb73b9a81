import { defineStrings } from "./define";

export const admin = defineStrings(
  {
    "admin.title": "Quản trị",
  },
  {
    "admin.title": "Administration",
  },
);
