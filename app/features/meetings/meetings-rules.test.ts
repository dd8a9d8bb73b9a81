import { describe, expect, it } from "vitest";
import { MEETING_STATUSES } from "../../../db/schema";
import { availableTransitions, MEETING_TRANSITION_NAMES, transitionMeeting } from "./meetings-rules";

const facts = { agendaItemCount: 3, pendingItemCount: 0 };

describe("meeting state machine", () => {
  it("walks the whole cycle with the right hats", () => {
    let s = transitionMeeting("scheduled", "open_submissions", "secretary", facts);
    expect(s).toEqual({ ok: true, to: "open" });
    s = transitionMeeting("open", "publish_agenda", "chair", facts);
    expect(s).toEqual({ ok: true, to: "agenda_published" });
    s = transitionMeeting("agenda_published", "start_session", "secretary", facts);
    expect(s).toEqual({ ok: true, to: "in_session" });
    s = transitionMeeting("in_session", "conclude", "secretary", facts);
    expect(s).toEqual({ ok: true, to: "concluded" });
    s = transitionMeeting("concluded", "issue_notice", "chair", facts);
    expect(s).toEqual({ ok: true, to: "notice_issued" });
  });

  it("refuses every move from a state it does not start from", () => {
    const allowedFrom: Record<string, string[]> = {
      open_submissions: ["scheduled"],
      publish_agenda: ["scheduled", "open"],
      start_session: ["agenda_published"],
      conclude: ["in_session"],
      issue_notice: ["concluded"],
    };
    for (const t of MEETING_TRANSITION_NAMES) {
      for (const status of MEETING_STATUSES) {
        const r = transitionMeeting(status, t, "chair", facts);
        expect(r.ok, `${t} from ${status}`).toBe(allowedFrom[t].includes(status));
        if (!r.ok) expect(r.reason).toBe("wrong_state");
      }
    }
  });

  it("only the chair publishes the agenda and issues the notice", () => {
    expect(transitionMeeting("open", "publish_agenda", "secretary", facts)).toEqual({ ok: false, reason: "forbidden" });
    expect(transitionMeeting("concluded", "issue_notice", "secretary", facts)).toEqual({ ok: false, reason: "forbidden" });
    expect(transitionMeeting("scheduled", "open_submissions", null, facts)).toEqual({ ok: false, reason: "forbidden" });
  });

  it("an empty agenda cannot be published, a meeting with pending items cannot be concluded", () => {
    expect(transitionMeeting("open", "publish_agenda", "chair", { agendaItemCount: 0, pendingItemCount: 0 })).toEqual({ ok: false, reason: "empty_agenda" });
    expect(transitionMeeting("in_session", "conclude", "chair", { agendaItemCount: 2, pendingItemCount: 1 })).toEqual({ ok: false, reason: "items_pending" });
  });

  it("lists the moves a hat can make now", () => {
    expect(availableTransitions("open", "chair")).toEqual(["publish_agenda"]);
    expect(availableTransitions("open", "secretary")).toEqual([]);
    expect(availableTransitions("scheduled", "secretary")).toEqual(["open_submissions"]);
    expect(availableTransitions("in_session", null)).toEqual([]);
  });
});
