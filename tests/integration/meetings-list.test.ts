import { beforeAll, describe, expect, it } from "vitest";
import { loader } from "../../app/routes/meetings._index";
import { getDb } from "../../app/utils/db.server";
import { seedFixture, type Fixture } from "../helpers/fixtures";
import { call, getRequest } from "../helpers/requests";

let fx: Fixture;
beforeAll(async () => {
  fx = await seedFixture();
  const at = new Date().toISOString();
  const months = Array.from({ length: 25 }, (_, i) => `${2020 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`);
  await getDb()
    .insertInto("meetings")
    .values([
      ...months.map((period) => ({
        series_id: fx.seriesId,
        period,
        title: `Giao ban ${period}`,
        starts_at: `${period}-08T01:00:00.000Z`,
        place: "Hạ Long",
        cutoff_at: `${period}-03T10:00:00.000Z`,
        status: "notice_issued" as const,
        updated_at: at,
      })),
      {
        series_id: fx.seriesId,
        period: "2099-01",
        title: "Giao ban 2099-01",
        starts_at: "2099-01-08T01:00:00.000Z",
        place: "Hạ Long",
        cutoff_at: "2099-01-03T10:00:00.000Z",
        status: "open" as const,
        updated_at: at,
      },
    ])
    .execute();
});

describe("the meetings list", () => {
  it("puts the coming meeting first and pages the finished ones, newest first", async () => {
    const res = await call(loader, await getRequest("/meetings", fx.users.observer));
    expect(res.data.upcoming.map((m: { period: string }) => m.period)).toEqual(["2099-01"]);
    expect(res.data.pastTotal).toBe(25);
    expect(res.data.past).toHaveLength(20);
    expect(res.data.past[0].period).toBe("2022-01");
    const second = await call(loader, await getRequest("/meetings?page=2", fx.users.observer));
    expect(second.data.past.map((m: { period: string }) => m.period)).toEqual(["2020-05", "2020-04", "2020-03", "2020-02", "2020-01"]);
  });

  it("filters by year and series from the URL, and ignores nonsense", async () => {
    const y2021 = await call(loader, await getRequest("/meetings?year=2021", fx.users.observer));
    expect(y2021.data.pastTotal).toBe(12);
    expect(y2021.data.upcoming).toEqual([]);
    const odd = await call(loader, await getRequest("/meetings?year=abc&series=x&page=-4", fx.users.observer));
    expect(odd.status).toBe(200);
    expect(odd.data.pastTotal).toBe(25);
    expect(odd.data.page).toBe(1);
    const otherSeries = await call(loader, await getRequest(`/meetings?series=${fx.seriesId + 100}`, fx.users.observer));
    expect(otherSeries.data.pastTotal).toBe(0);
  });
});
