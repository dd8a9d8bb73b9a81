/**
 * Blockers in SQL, one module per concern; this one names them all so that
 * routes and other features import from one place.
 *
 * - blockers-scope.server.ts: who sees what (scope in the query), what a user may do with one blocker;
 * - blockers-list.server.ts: the list and its filters' choices;
 * - blockers-page.server.ts: everything /blockers/:id shows;
 * - blockers-drafts.server.ts: step 2, an agency drafts, edits, submits, withdraws;
 * - blockers-triage.server.ts: step 3, the office triages;
 * - blockers-reads.server.ts: what the changes and the page read alike (a blocker inside its change, the series' meetings).
 *
 * Every change goes through the shared `write` (docs/decisions/0022-one-write-path.md).
 */
export { blockerAbilities, blockerResource, findReadableBlocker, listView, type ListView, type Viewer } from "./blockers-scope.server";
export { listBlockers, listFilterOptions, PAGE_SIZE, type BlockerList, type BlockerRow } from "./blockers-list.server";
export { blockerDetail } from "./blockers-page.server";
export { blockerFormOptions, createBlocker, submitBlocker, updateBlocker, withdrawBlocker } from "./blockers-drafts.server";
export { decideProposal, pullInBlocker, triageBlocker } from "./blockers-triage.server";
