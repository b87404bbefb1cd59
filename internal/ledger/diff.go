package ledger

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
)

// RuleDiff is how one rule's findings in the build compare with a ledger.
type RuleDiff struct {
	Rule   string
	Now    int     // findings in the build
	Ledger int     // findings in the ledger
	New    []Entry // in the build, not in the ledger
	Gone   []Entry // in the ledger (with their verdicts), no longer in the build
	// The verdicts the ledger gives the build's findings.
	True, False, Unjudged int
}

// Judged returns the number of the build's findings that are judged.
func (r *RuleDiff) Judged() int { return r.True + r.False }

// Precision returns True / Judged, and false when nothing is judged.
func (r *RuleDiff) Precision() (float64, bool) {
	if r.Judged() == 0 {
		return 0, false
	}
	return float64(r.True) / float64(r.Judged()), true
}

// PrecisionString writes the precision as "92% (12/13)", or "-".
func (r *RuleDiff) PrecisionString() string {
	p, ok := r.Precision()
	if !ok {
		return "-"
	}
	return fmt.Sprintf("%.0f%% (%d/%d)", 100*p, r.True, r.Judged())
}

// Compare compares the build's findings now with ledger l, rule by rule
// (sorted by rule id). Rules with no finding in either are left out.
func Compare(l *Ledger, now []Entry) []RuleDiff {
	byRule := map[string]*RuleDiff{}
	get := func(rule string) *RuleDiff {
		if byRule[rule] == nil {
			byRule[rule] = &RuleDiff{Rule: rule}
		}
		return byRule[rule]
	}
	judged := map[string]*Entry{}
	for i := range l.Entries {
		e := &l.Entries[i]
		judged[e.id()] = e
		get(e.Rule).Ledger++
	}
	current := map[string]bool{}
	for _, e := range now {
		current[e.id()] = true
		r := get(e.Rule)
		r.Now++
		j := judged[e.id()]
		switch {
		case j == nil:
			r.New = append(r.New, e)
		case j.Verdict == True:
			r.True++
		case j.Verdict == False:
			r.False++
		default:
			r.Unjudged++
		}
	}
	for _, e := range l.Entries {
		if !current[e.id()] {
			get(e.Rule).Gone = append(get(e.Rule).Gone, e)
		}
	}
	var out []RuleDiff
	for _, k := range slices.Sorted(maps.Keys(byRule)) {
		out = append(out, *byRule[k])
	}
	return out
}

// Update returns the ledger of the build's findings now: each keeps its
// verdict and reason from l; a new one (or one l has not judged) takes
// them from the same finding in one of others (the other sections'
// ledgers: the same finding on the same page is the same judgement), else
// from a gone entry of l that the finding replaces (see moved; these are
// returned as carried, to be checked), else it is Unknown. gone are l's
// entries that the build no longer reports and no carried finding
// replaces, with their verdicts; the new ledger drops them.
func Update(l *Ledger, now []Entry, others ...*Ledger) (updated *Ledger, gone, carried []Entry) {
	old := map[string]*Entry{}
	for i := range l.Entries {
		old[l.Entries[i].id()] = &l.Entries[i]
	}
	current := map[string]bool{}
	for _, e := range now {
		current[e.id()] = true
	}
	goneAt := map[string][]*Entry{}
	for i := range l.Entries {
		e := &l.Entries[i]
		if !current[e.id()] {
			gone = append(gone, *e)
			if e.Judged() {
				goneAt[site(e)] = append(goneAt[site(e)], e)
			}
		}
	}
	elsewhere := map[string]*Entry{}
	for _, o := range others {
		for i := range o.Entries {
			if e := &o.Entries[i]; e.Judged() {
				elsewhere[e.id()] = e
			}
		}
	}
	updated = &Ledger{Name: l.Name}
	newAt := map[string][]*Entry{}
	for _, e := range now {
		e.Verdict, e.Reason, e.Line = Unknown, "", 0
		updated.Entries = append(updated.Entries, e)
	}
	for i := range updated.Entries {
		e := &updated.Entries[i]
		mine, other := old[e.id()], elsewhere[e.id()]
		switch {
		case mine != nil && mine.Judged():
			e.Verdict, e.Reason = mine.Verdict, mine.Reason
		case other != nil:
			e.Verdict, e.Reason = other.Verdict, other.Reason
		case mine != nil:
			e.Reason = mine.Reason // a note left on a finding not judged yet
		default:
			newAt[site(e)] = append(newAt[site(e)], e)
		}
	}
	replaced := map[string]bool{}
	for at, news := range newAt {
		for new, from := range moved(news, goneAt[at]) {
			new.Verdict, new.Reason = from.Verdict, from.Reason
			carried = append(carried, *new)
			replaced[from.id()] = true
		}
	}
	gone = slices.DeleteFunc(gone, func(e Entry) bool { return replaced[e.id()] })
	updated.Sort()
	(&Ledger{Entries: carried}).Sort()
	return updated, gone, carried
}

// site is a finding's page, rule and element path without its number.
func site(e *Entry) string {
	p, _, _ := strings.Cut(e.Path, " #")
	return e.Page + "\t" + e.Rule + "\t" + p
}

// moved pairs the new findings of one site (page, rule, element) with the
// judged findings of the ledger gone from it, which they most likely
// are, the rule's span having moved: a new finding whose text starts
// like exactly one gone finding's (one text is a prefix of the other) is
// that finding; then, when one new and one gone finding are left, they
// are the same finding whose text changed (the page's text model did).
func moved(news, gone []*Entry) map[*Entry]*Entry {
	pairs := map[*Entry]*Entry{}
	used := map[*Entry]bool{}
	for _, n := range news {
		var found *Entry
		for _, g := range gone {
			if used[g] || !strings.HasPrefix(g.Text, n.Text) && !strings.HasPrefix(n.Text, g.Text) {
				continue
			}
			if found != nil {
				found = nil
				break
			}
			found = g
		}
		if found != nil {
			pairs[n], used[found] = found, true
		}
	}
	var leftNew, leftGone []*Entry
	for _, n := range news {
		if pairs[n] == nil {
			leftNew = append(leftNew, n)
		}
	}
	for _, g := range gone {
		if !used[g] {
			leftGone = append(leftGone, g)
		}
	}
	if len(leftNew) == 1 && len(leftGone) == 1 {
		pairs[leftNew[0]] = leftGone[0]
	}
	return pairs
}

// WriteTable writes the per-rule table of diffs: findings now and in the
// ledger, new and gone, and the verdicts of today's findings.
func WriteTable(w io.Writer, diffs []RuleDiff) {
	width := len("rule")
	for _, d := range diffs {
		width = max(width, len(d.Rule))
	}
	fmt.Fprintf(w, "%-*s %5s %6s %5s %5s %5s %5s %5s  %s\n", width, "rule", "now", "ledger", "new", "gone", "true", "false", "?", "precision")
	for _, d := range diffs {
		fmt.Fprintf(w, "%-*s %5d %6d %5d %5d %5d %5d %5d  %s\n", width, d.Rule, d.Now, d.Ledger, len(d.New), len(d.Gone), d.True, d.False, d.Unjudged, d.PrecisionString())
	}
}

// Where writes where an entry is, on one line: page, rule, quoted text
// and element path.
func (e *Entry) Where() string {
	return fmt.Sprintf("%s %s %q at %s", e.Page, e.Rule, e.Text, e.Path)
}

// Describe is Where followed by the verdict and reason, if judged.
func (e *Entry) Describe() string {
	s := e.Where()
	if e.Judged() {
		s += " [" + e.Verdict + ": " + e.Reason + "]"
	}
	return s
}
