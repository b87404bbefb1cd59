package ledger

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// root is the module root, from this package's directory.
const root = "../.."

// minJudged is the number of judged findings from which a default rule's
// precision is enforced, and minPrecision the precision it must reach.
const (
	minJudged    = 10
	minPrecision = 0.90
)

// requireCorpus names the environment variable that turns a missing
// corpus from a skip into a failure (.ci/run sets it).
const requireCorpus = "COPYDESK_REQUIRE_CORPUS"

// corpusDir returns the shared corpus of real pages, or skips the test
// when it is absent (fails, when requireCorpus is set).
func corpusDir(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(root, DefaultCorpus)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		if os.Getenv(requireCorpus) != "" {
			t.Fatalf("no corpus at %s, and %s is set: the ledger and planted-violation tests cannot run", dir, requireCorpus)
		}
		t.Skipf("no corpus at %s (the shared corpus of real pages beside the repository): the ledger cannot be checked", dir)
	}
	return dir
}

// readLedger reads a section's ledger; a ledger that does not parse
// fails the test.
func readLedger(t *testing.T, s Section) *Ledger {
	t.Helper()
	l, err := Read(filepath.Join(root, s.Ledger))
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// TestLedger checks the build's findings on the corpus against the
// judged ledgers: every finding must be in its ledger and judged, every
// ledger entry must still be reported, and each default rule with at
// least minJudged judged findings must be right minPrecision of the time.
func TestLedger(t *testing.T) {
	c := corpusPass(t)
	for _, s := range Sections {
		t.Run(s.Name, func(t *testing.T) {
			l := readLedger(t, s)
			if raceEnabled { // the pass checked a sample of the pages
				l.Entries = slices.DeleteFunc(l.Entries, func(e Entry) bool { return !c.checked[e.Page] })
			}
			diffs := Compare(l, c.now[s.Name])
			var table strings.Builder
			WriteTable(&table, diffs)
			t.Logf("%s (%s):\n%s", s.Title, s.Ledger, table.String())

			var newOnes, unjudged, gone []string
			lostTrue := 0
			judgedAt := map[string]*Entry{}
			for i := range l.Entries {
				judgedAt[l.Entries[i].id()] = &l.Entries[i]
			}
			for _, d := range diffs {
				for _, e := range d.New {
					newOnes = append(newOnes, e.Describe())
				}
				for _, e := range d.Gone {
					gone = append(gone, fmt.Sprintf("%s:%d: %s", s.Ledger, e.Line, e.Describe()))
					if e.Verdict == True {
						lostTrue++
					}
				}
			}
			for _, e := range c.now[s.Name] {
				if j := judgedAt[e.id()]; j != nil && !j.Judged() {
					unjudged = append(unjudged, fmt.Sprintf("%s:%d: %s", s.Ledger, j.Line, e.Describe()))
				}
			}
			if len(newOnes) > 0 {
				t.Errorf("%d findings of the build are not in %s: run `go run ./internal/cmd/ledger update` and judge them (`go run ./internal/cmd/ledger show` prints their context):\n  %s",
					len(newOnes), s.Ledger, strings.Join(newOnes, "\n  "))
			}
			if len(unjudged) > 0 {
				t.Errorf("%d findings are not judged yet (verdict ?): judge them (`go run ./internal/cmd/ledger show` prints their context):\n  %s",
					len(unjudged), strings.Join(unjudged, "\n  "))
			}
			if len(gone) > 0 {
				t.Errorf("%d findings of the ledger are no longer reported, %d of them judged true (a change that loses true findings is no improvement); if that is meant, run `go run ./internal/cmd/ledger update`:\n  %s",
					len(gone), lostTrue, strings.Join(gone, "\n  "))
			}
			for _, e := range l.Entries {
				if e.Judged() && e.Reason == "" {
					t.Errorf("%s:%d: %s is judged %s without a reason", s.Ledger, e.Line, e.Rule, e.Verdict)
				}
			}
			if s.Name != "default" || raceEnabled {
				return // rules off by default are measured, not enforced
			}
			for _, d := range diffs {
				p, ok := d.Precision()
				switch {
				case !c.checkers[s.Name].RunsByDefault(d.Rule) || !ok:
				case d.Judged() < minJudged:
					t.Logf("%s: %s precise, on %d judged findings (fewer than %d: reported, not enforced)", d.Rule, d.PrecisionString(), d.Judged(), minJudged)
				case p < minPrecision:
					t.Errorf("%s: %s precise on the corpus, under %.0f%%: a default rule must be right at least %.0f%% of the time (or ship off by default)",
						d.Rule, d.PrecisionString(), 100*minPrecision, 100*minPrecision)
				}
			}
		})
	}
}

// TestLedgersAgree checks that a finding that is in several sections'
// ledgers (the default packs' findings are in both) has one verdict.
func TestLedgersAgree(t *testing.T) {
	seen := map[string]*Entry{}
	where := map[string]string{}
	for _, s := range Sections {
		l := readLedger(t, s)
		for i := range l.Entries {
			e := &l.Entries[i]
			if prev := seen[e.id()]; prev != nil && prev.Judged() && e.Judged() && prev.Verdict != e.Verdict {
				t.Errorf("%s:%d judges %s %s, %s:%d judges it %s", s.Ledger, e.Line, e.Describe(), e.Verdict, where[e.id()], prev.Line, prev.Verdict)
			}
			seen[e.id()], where[e.id()] = e, s.Ledger
		}
	}
}
