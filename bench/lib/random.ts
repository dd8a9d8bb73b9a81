/** mulberry32: a small seeded generator, so every run with one seed builds the same province. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  const chance = (p: number) => next() < p;
  /** Several distinct items (at most xs.length). */
  const some = <T>(xs: readonly T[], n: number): T[] => {
    const out = new Set<T>();
    const want = Math.min(n, xs.length);
    while (out.size < want) out.add(pick(xs));
    return [...out];
  };
  return { next, int, pick, chance, some };
}
export type Rng = ReturnType<typeof rng>;

// ------------------------------------------------------------ days, without time zones
// Days are `YYYY-MM-DD`; Vietnam is UTC+7 all year, so a VN local time is a fixed offset.

const DAY_MS = 86_400_000;
export const dayToMs = (day: string) => Date.parse(`${day}T00:00:00Z`);
export const msToDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const addDays = (day: string, n: number) => msToDay(dayToMs(day) + n * DAY_MS);
export const daysBetween = (a: string, b: string) => Math.round((dayToMs(b) - dayToMs(a)) / DAY_MS);
/** A Vietnamese local time on a day as a UTC ISO instant. */
export const vnInstant = (day: string, hh: number, mm = 0) => new Date(dayToMs(day) + (hh - 7) * 3_600_000 + mm * 60_000).toISOString();
export const minDay = (a: string, b: string) => (a < b ? a : b);
export const maxDay = (a: string, b: string) => (a > b ? a : b);
/** Today in Vietnam. */
export const vnTodayNow = () => msToDay(Date.now() + 7 * 3_600_000);
export function addMonths(period: string, n: number): string {
  const [y, m] = period.split("-").map(Number);
  const t = y * 12 + (m - 1) + n;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, "0")}`;
}
