package checker

import (
	"fmt"
	"sort"

	"github.com/copydesk/copydesk/rules"
)

// Finding is one violation of a rule in a document.
type Finding struct {
	Rule     *rules.Rule
	Severity rules.Severity // after config overrides
	Message  string
	Span     Span     // the offending source bytes
	Start    Position // position of Span.Start
	End      Position // position of Span.End (exclusive)
	Match    string   // the offending text, white space collapsed (for fingerprints)
	// Expected is what the rule wanted there, when it says: the
	// canonical paragraph of an exact check, the selector or text of a
	// require check, the attribute of an attribute check.
	Expected string
	Fix      *Fix // nil when the finding has no automatic fix

	Suppressed    bool
	Justification string // the reason given by the suppression
}

// RuleID returns the id of the finding's rule.
func (f *Finding) RuleID() string { return f.Rule.ID }

// Fix is an automatic repair: a short description and byte edits on the
// original file that do not overlap.
type Fix struct {
	Message string // a verb phrase, e.g. `replace with "With reporting by"`
	Edits   []Edit
	// Order places the fix's insertions among other insertions at the same
	// offset when fixes are applied together: lower goes first. A rule
	// that wants its text in the first blocks has a negative order, one
	// that wants it in the last blocks a positive one (see Plan).
	Order int
}

// Edit replaces the source bytes [Start, End) with Text. Start == End
// inserts; an empty Text deletes. StartPos and EndPos are the positions
// of Start and End, filled in by the engine for reports.
type Edit struct {
	Start, End int
	Text       string

	StartPos, EndPos Position
}

// validate checks that the edits lie within a file of n bytes, are sorted
// and do not overlap; it sorts them first. Two insertions at the same
// offset overlap, as their order would be ambiguous.
func (f *Fix) validate(n int) error {
	if len(f.Edits) == 0 {
		return fmt.Errorf("fix %q has no edits", f.Message)
	}
	sort.SliceStable(f.Edits, func(i, j int) bool { return f.Edits[i].Start < f.Edits[j].Start })
	for i, e := range f.Edits {
		if e.Start < 0 || e.End > n || e.Start > e.End {
			return fmt.Errorf("fix %q: edit [%d,%d) is outside the file (%d bytes)", f.Message, e.Start, e.End, n)
		}
		if i == 0 {
			continue
		}
		prev := f.Edits[i-1]
		bothInsert := prev.Start == prev.End && e.Start == e.End
		if e.Start < prev.End || bothInsert && e.Start == prev.Start {
			return fmt.Errorf("fix %q: edits overlap at offset %d", f.Message, e.Start)
		}
	}
	return nil
}

// Apply returns src with the edits applied. The edits must be valid.
func (f *Fix) Apply(src []byte) []byte {
	return ApplyEdits(src, f.Edits)
}

// ApplyEdits returns src with sorted, non-overlapping edits applied.
func ApplyEdits(src []byte, edits []Edit) []byte {
	size := len(src)
	for _, e := range edits {
		size += len(e.Text) - (e.End - e.Start)
	}
	out := make([]byte, 0, size)
	at := 0
	for _, e := range edits {
		out = append(out, src[at:e.Start]...)
		out = append(out, e.Text...)
		at = e.End
	}
	return append(out, src[at:]...)
}
