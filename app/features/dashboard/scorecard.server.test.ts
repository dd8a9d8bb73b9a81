import { describe, expect, it } from "vitest";
import { rankScorecard, SCORECARD_SORTS, sortScorecard, type ScorecardFigures } from "./dashboard-rules";
import { scorecardOf } from "./dashboard.server";

const figures = (agencyId: number, nameVi: string, f: Partial<ScorecardFigures>): ScorecardFigures => ({
  agencyId,
  nameVi,
  nameEn: `Agency ${nameVi}`,
  total: 0,
  open: 0,
  dueSoon: 0,
  awaiting: 0,
  cancelled: 0,
  onTime: 0,
  late: 0,
  overdue: 0,
  daysLate: 0,
  extensions: 0,
  ...f,
});

describe("scorecardOf: the scorecard of a set of figures, ranked and sorted once", () => {
  const agencies = [
    figures(1, "Sở Y tế", { total: 5, onTime: 3, late: 1, overdue: 1, daysLate: 4, extensions: 2 }),
    figures(2, "Đầm Hà", { total: 4, onTime: 4 }),
    figures(3, "Công an tỉnh", { total: 2, open: 2 }),
    figures(4, "Ba Chẽ", { total: 6, onTime: 2, late: 2, overdue: 2, daysLate: 9 }),
  ];

  it("gives what ranking and sorting give, for every column, direction and language", () => {
    for (const sort of SCORECARD_SORTS) {
      for (const dir of ["asc", "desc"] as const) {
        for (const locale of ["vi", "en"] as const) {
          expect(scorecardOf(agencies, sort, dir, locale), `${sort} ${dir} ${locale}`).toEqual(sortScorecard(rankScorecard(agencies), sort, dir, locale));
        }
      }
    }
  });

  it("is worked out once per set of figures, and anew for new figures", () => {
    expect(scorecardOf(agencies, "overdue", "desc", "vi")).toBe(scorecardOf(agencies, "overdue", "desc", "vi"));
    const changed = agencies.map((a) => (a.agencyId === 2 ? { ...a, overdue: 9, total: 13 } : a));
    expect(scorecardOf(changed, "overdue", "desc", "vi")[0].agencyId).toBe(2);
    expect(scorecardOf(agencies, "overdue", "desc", "vi")[0].agencyId).toBe(4);
  });
});
