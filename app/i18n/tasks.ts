import { defineStrings } from "./define";

export const tasks = defineStrings(
  {
    "tasks.title": "Nhiệm vụ",
  },
  {
    "tasks.title": "Tasks",
  },
);
