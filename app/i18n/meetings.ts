import { defineStrings } from "./define";

export const meetings = defineStrings(
  {
    "meetings.title": "Cuộc họp",
  },
  {
    "meetings.title": "Meetings",
  },
);
