import { describe, expect, it } from "vitest";
import { dictionaries } from "~/i18n";
import { AUDIT_ACTIONS } from "./audit-actions";

describe("the audit trail's actions", () => {
  it("each has its words in the history, in Vietnamese and English", () => {
    for (const action of AUDIT_ACTIONS) {
      for (const locale of ["vi", "en"] as const) {
        expect(dictionaries[locale], `${locale}: audit.action.${action}`).toHaveProperty([`audit.action.${action}`]);
      }
    }
  });

  it("no label is left for an action the app no longer records", () => {
    const labelled = Object.keys(dictionaries.vi).filter((k) => k.startsWith("audit.action."));
    expect(labelled.map((k) => k.slice("audit.action.".length)).sort()).toEqual([...AUDIT_ACTIONS].sort());
  });
});
