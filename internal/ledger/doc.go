// Package ledger keeps the judged findings of copydesk's built-in packs on
// a corpus of real pages, and measures the packs against them: how often
// a rule is right (precision, from the judgements) and, in its tests, how
// often it catches a violation planted into a real page (recall).
//
// A ledger is a tab-separated file with one record per finding: the page,
// the rule, the verdict a standards editor gave it (true, false, or ? for
// not yet judged), the finding's key (its text and element path) and a
// one-line reason. The key does not hold a byte offset, so an unrelated
// change to a page or a rule does not move it: see Key. The ledgers of
// copydesk's own corpus are testdata/ledger/*.tsv, one per Section; the
// command internal/cmd/ledger diffs and updates them, and the tests of
// this package fail when a ledger does not match what the build reports.
package ledger
