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
	docgen.Section(t, "accuracy", accuracySection(t, c, plantedResults(t)), *update, "go test ./internal/ledger -run TestAccuracyDoc -update")
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
		var n, judged, right int
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
		precision := "—"
		if judged > 0 {
			precision = fmt.Sprintf("%.0f%%", 100*float64(right)/float64(judged))
			if judged < minJudged {
				precision += " (few)"
			}
		}
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
