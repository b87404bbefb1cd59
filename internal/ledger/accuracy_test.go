package ledger

import (
	"flag"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/internal/docgen"
)

var update = flag.Bool("update", false, "rewrite the accuracy section of the docs")

// TestAccuracyDoc checks that the accuracy section of the docs (in
// docs/packs.md, between <!-- accuracy:begin --> and <!-- accuracy:end
// -->) is what the ledgers and the planted-recall test measure (-update
// rewrites it).
func TestAccuracyDoc(t *testing.T) {
	if raceEnabled {
		t.Skip("under -race the corpus tests measure a sample: the accuracy section is checked without -race")
	}
	c := corpusPass(t)
	planted := plantedResults(t)
	regen := "go test ./internal/ledger -run TestAccuracyDoc -update"
	docgen.Section(t, "accuracy", accuracySection(t, c, planted), *update, regen)
	docgen.Section(t, "accuracy-summary", accuracySummary(t, c, planted), *update, regen)
}

// precisionOf counts a rule's findings in a ledger and how many of them
// were judged, and judged right, and words its precision.
func precisionOf(l *Ledger, id string) (n, judged, right int, precision string) {
	for _, e := range l.Entries {
		if e.Rule != id {
			continue
		}
		n++
		if e.Judged() {
			judged++
			if e.Verdict == True {
				right++
			}
		}
	}
	precision = "—"
	if judged > 0 {
		precision = fmt.Sprintf("%.0f%%", 100*float64(right)/float64(judged))
		if judged < minJudged {
			precision += " (few)"
		}
	}
	return n, judged, right, precision
}

// accuracySummary is the README's short table: each rule that runs by
// default, its precision on the corpus and its planted recall.
func accuracySummary(t *testing.T, c *corpus, planted []*typeResult) string {
	t.Helper()
	def := c.checkers["default"]
	l := readLedger(t, Sections[0])
	var ids []string
	for _, r := range def.Set.Rules {
		if !r.Internal && def.RunsByDefault(r.ID) {
			ids = append(ids, r.ID)
		}
	}
	slices.Sort(ids)
	var b strings.Builder
	shared := false
	fmt.Fprintf(&b, "| rule (on by default) | right on the %d corpus pages | planted violations caught |\n|---|---:|---:|\n", len(c.pages))
	for _, id := range ids {
		_, judged, right, precision := precisionOf(l, id)
		caught, measured, either := 0, 0, false
		for _, r := range planted {
			if slices.Contains(r.typ.rules, id) {
				caught += r.caught
				measured += r.measured
				either = either || len(r.typ.rules) > 1
			}
		}
		recall := "—"
		if measured > 0 {
			recall = fmt.Sprintf("%d of %d", caught, measured)
		}
		if either {
			recall += " ¹"
			shared = true
		}
		fmt.Fprintf(&b, "| `%s` | %d of %d, %s | %s |\n", id, right, judged, precision, recall)
	}
	b.WriteString("\n(few): fewer than 10 judged findings, reported but not enforced; — : no finding on the corpus, or no planted type for the rule.\n")
	if shared {
		b.WriteString("\n¹ Its planted types are caught by it or by a sibling rule that checks the same slot.\n")
	}
	return b.String()
}

// accuracySection writes the per-rule precision and the per-type planted
// recall, in Markdown.
func accuracySection(t *testing.T, c *corpus, planted []*typeResult) string {
	t.Helper()
	var b strings.Builder
	def, all := c.checkers["default"], c.checkers["all-packs"]
	ledgers := map[string]*Ledger{}
	for _, s := range Sections {
		ledgers[s.Name] = readLedger(t, s)
	}
	fmt.Fprintf(&b, "Precision: of a rule's findings on the %d pages of the shared corpus, how many a\n", len(c.pages))
	b.WriteString("standards editor judged right, reading each page as its readers see it (the\n")
	b.WriteString("ledgers in `testdata/ledger/`: the default packs as they run with no config, and\n")
	b.WriteString("every pack and rule in jurisdiction `ru` for the others). A default rule with 10\n")
	b.WriteString("or more judged findings must be right 90% of the time (`go test ./internal/ledger`).\n\n")
	b.WriteString("| rule | runs | findings | judged right | precision |\n|---|---|---:|---:|---:|\n")
	var ids []string
	for _, r := range all.Set.Rules {
		if !r.Internal {
			ids = append(ids, r.ID)
		}
	}
	slices.Sort(ids)
	ruFootnote := false
	for _, id := range ids {
		r := all.Set.Rule(id)
		runs, l := "opt-in", ledgers["all-packs"]
		switch {
		case def.RunsByDefault(id):
			runs, l = "default", ledgers["default"]
		case len(r.Jurisdictions) > 0:
			runs = "jurisdiction " + strings.Join(r.Jurisdictions, ", ") + ", needs vars"
		}
		n, judged, right, precision := precisionOf(l, id)
		if len(r.Jurisdictions) > 0 && n > 0 {
			precision += " ¹"
			ruFootnote = true
		}
		fmt.Fprintf(&b, "| `%s` | %s | %d | %d of %d | %s |\n", id, runs, n, right, judged, precision)
	}
	b.WriteString("\n(few): fewer than 10 judged findings; the number is reported, not enforced.\n")
	if ruFootnote {
		b.WriteString("\n¹ No page of the corpus carries the Russian notices, so on every page the run\n")
		b.WriteString("reads as in jurisdiction `ru` they are missing: these findings say nothing of\n")
		b.WriteString("the rule's precision on real notices. Planted recall below measures them.\n")
	}
	b.WriteString("\nPlanted recall: violations planted into real pages of the corpus, one per copy\n")
	b.WriteString("(`internal/ledger/planted_test.go` describes each planting), and how many the\n")
	b.WriteString("rules caught on the planted element. Each type must be caught 90% of the time;\n")
	b.WriteString("the known gaps are the types the packs do not catch yet.\n\n")
	b.WriteString("| planted violation | caught by | pages (sites) | caught | recall |\n|---|---|---:|---:|---:|\n")
	for _, r := range planted {
		var by []string
		for _, id := range r.typ.rules {
			by = append(by, "`"+id+"`")
		}
		recall := fmt.Sprintf("%.0f%%", 100*r.recall())
		if _, known := knownGaps[r.typ.name]; known {
			recall += " (known gap)"
		}
		fmt.Fprintf(&b, "| %s | %s | %d (%d) | %d | %s |\n", strings.ReplaceAll(r.typ.title, "<", "&lt;"), strings.Join(by, ", "), r.measured, r.sites, r.caught, recall)
	}
	return b.String()
}
