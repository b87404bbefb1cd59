package checker

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"sort"
)

// Conflict is a fix that a plan leaves out because one of its edits
// overlaps an edit of a fix taken before it (findings are taken in report
// order: by offset, then rule id, so the first one wins).
type Conflict struct {
	Finding int // index of the skipped finding
	With    int // index of the finding whose fix was taken
	At      int // offset where the two fixes overlap
}

// FixPlan is the set of edits that fixing a file applies: the fixes of its
// unsuppressed findings, with identical edits merged and overlapping
// fixes left out.
type FixPlan struct {
	Edits   []Edit     // sorted by offset, non-overlapping; ApplyEdits applies them
	Fixed   []int      // indexes of the findings whose fixes are in Edits
	Skipped []Conflict // fixes left out, in finding order
}

// Plan works out which fixes of findings apply together to a file of n
// bytes. Findings are taken in order (Check returns them by offset, then
// rule id); suppressed findings and findings without a fix are ignored.
// A fix is taken whole or not at all:
//
//   - an edit identical to one already taken (same range, same text) is
//     merged with it, so two findings with the same repair (the two
//     paragraphs of a missing notice, say) insert it once;
//   - a fix with an edit that overlaps a taken edit is skipped and listed
//     in Skipped; replacements overlap when their ranges intersect, and an
//     insertion overlaps a replacement when it falls strictly inside it;
//   - insertions at the same offset do not overlap: they are applied by
//     the Order of their fixes, then in finding order, all before a
//     replacement that starts there.
func Plan(n int, findings []Finding) *FixPlan {
	p := &FixPlan{}
	owner := map[Edit]int{} // a taken edit (positions cleared) → its finding
	var taken []Edit
	for i := range findings {
		f := &findings[i]
		if f.Suppressed || f.Fix == nil || len(f.Fix.Edits) == 0 {
			continue
		}
		var add []Edit
		skip := false
		for _, e := range f.Fix.Edits {
			e = Edit{Start: e.Start, End: e.End, Text: e.Text}
			if e.Start < 0 || e.End > n || e.Start > e.End {
				// Check never reports such an edit; a caller might.
				p.Skipped = append(p.Skipped, Conflict{Finding: i, With: -1, At: e.Start})
				skip = true
				break
			}
			if _, dup := owner[e]; dup {
				continue
			}
			if k := overlapping(taken, e); k >= 0 {
				p.Skipped = append(p.Skipped, Conflict{Finding: i, With: owner[taken[k]], At: max(e.Start, taken[k].Start)})
				skip = true
				break
			}
			add = append(add, e)
		}
		if skip {
			continue
		}
		for _, e := range add {
			owner[e] = i
			taken = insertEdit(taken, e, func(t Edit) bool { return findings[owner[t]].Fix.Order > f.Fix.Order })
		}
		p.Fixed = append(p.Fixed, i)
	}
	p.Edits = taken
	return p
}

// overlapping returns the index of an edit of taken (sorted) that e
// overlaps, or -1.
func overlapping(taken []Edit, e Edit) int {
	// The first edit that ends after e starts (insertions at e.Start
	// end there too, and never overlap e).
	k := sort.Search(len(taken), func(k int) bool { return taken[k].End > e.Start })
	for ; k < len(taken) && taken[k].Start <= e.End; k++ {
		t := taken[k]
		switch {
		case t.Start == t.End && e.Start == e.End:
			// Two insertions never overlap.
		case t.Start == t.End:
			if e.Start < t.Start && t.Start < e.End {
				return k
			}
		case e.Start == e.End:
			if t.Start < e.Start && e.Start < t.End {
				return k
			}
		default:
			if t.Start < e.End && e.Start < t.End {
				return k
			}
		}
	}
	return -1
}

// insertEdit adds e to the sorted edits: after every edit that starts
// before it or at its offset, except that an insertion goes before a
// replacement starting at the same offset, and before the insertions
// there that come later (the fixes they belong to have a higher Order).
func insertEdit(edits []Edit, e Edit, later func(t Edit) bool) []Edit {
	k := sort.Search(len(edits), func(k int) bool {
		t := edits[k]
		switch {
		case t.Start != e.Start:
			return t.Start > e.Start
		case e.Start != e.End:
			return false
		case t.Start != t.End:
			return true
		}
		return later(t)
	})
	edits = append(edits, Edit{})
	copy(edits[k+1:], edits[k:])
	edits[k] = e
	return edits
}

// Apply returns src with the plan's edits applied.
func (p *FixPlan) Apply(src []byte) []byte { return ApplyEdits(src, p.Edits) }

// MaxFixPasses is how many times Fixer.Fix re-checks and fixes a file at
// most, as ESLint does (its limit is 10).
const MaxFixPasses = 10

// Fixer fixes a file in passes: it applies the plan of the file's
// findings, checks the result, and repeats while fixes still change it,
// so fixes that were skipped for overlapping are applied in a later pass
// once the text they overlapped has been repaired.
type Fixer struct {
	// Check parses and checks one version of the file (ParseFile, then
	// Engine.Check with the file's options).
	Check func(file []byte) (*Document, []Finding, error)
}

// FixResult is what fixing a file did.
type FixResult struct {
	Doc      *Document // the fixed file (Doc.File); the original when nothing applied
	Findings []Finding // the findings of Doc: what remains
	Fixed    int       // findings whose fixes were applied, over all passes
	Passes   int       // passes that changed the file
	// Skipped are the conflicts of the last plan: fixes of remaining
	// findings that could not be applied together with the others.
	Skipped []Conflict
	// Stopped says why fixing stopped before every fix was applied ("" when
	// it converged): the fixes of some rules undo each other, a rule's
	// insertion does not repair its finding, or MaxFixPasses was reached.
	Stopped string
}

// Fix fixes the file of doc, whose findings are given (as f.Check
// reported them). The edits of each pass are written in the file's
// encoding (Document.Apply); a fix that cannot be is an error. Fixing the
// result again changes nothing, unless Stopped says why.
func (f *Fixer) Fix(doc *Document, findings []Finding) (*FixResult, error) {
	res := &FixResult{Doc: doc, Findings: findings}
	seen := map[uint64]bool{digest(doc.File): true}
	inserted := map[string]bool{} // rule id + text of insertions applied
	for {
		file := res.Doc.File
		plan := Plan(len(file), res.Findings)
		res.Skipped = plan.Skipped
		// An insertion that a rule has already made did not repair its
		// finding: making it again would add a copy on every pass.
		var repeated []int
		for _, i := range plan.Fixed {
			if k := insertKey(&res.Findings[i]); k != "" && inserted[k] {
				repeated = append(repeated, i)
			}
		}
		if len(repeated) > 0 {
			fs := append([]Finding(nil), res.Findings...)
			for _, i := range repeated {
				fs[i].Fix = nil
			}
			plan = Plan(len(file), fs)
			res.Skipped = plan.Skipped
			res.Stopped = fmt.Sprintf("the insertion of %s does not repair its finding; it was made once", res.Findings[repeated[0]].Rule.ID)
		}
		if len(plan.Edits) == 0 {
			return res, nil
		}
		next, err := res.Doc.Apply(plan.Edits)
		if err != nil {
			return nil, err
		}
		if bytes.Equal(next, file) {
			return res, nil
		}
		if res.Passes == MaxFixPasses {
			res.Stopped = fmt.Sprintf("fixes still change the file after %d passes", MaxFixPasses)
			return res, nil
		}
		h := digest(next)
		cycle := seen[h]
		seen[h] = true
		for _, i := range plan.Fixed {
			if k := insertKey(&res.Findings[i]); k != "" {
				inserted[k] = true
			}
		}
		nextDoc, remaining, err := f.Check(next)
		if err != nil {
			return nil, fmt.Errorf("after fixing: %w", err)
		}
		res.Fixed += len(plan.Fixed)
		res.Passes++
		res.Doc, res.Findings = nextDoc, remaining
		if cycle {
			// The file is back to an earlier version: some fixes undo
			// others. Stop here, so that fixing again gives this file.
			res.Stopped = "fixes undo each other; the file is back to an earlier version"
			res.Skipped = Plan(len(next), res.Findings).Skipped
			return res, nil
		}
	}
}

// insertKey identifies a fix made only of insertions by its rule and
// text, or returns "" for any other fix.
func insertKey(f *Finding) string {
	key := f.Rule.ID
	for _, e := range f.Fix.Edits {
		if e.Start != e.End {
			return ""
		}
		key += "\x00" + e.Text
	}
	return key
}

func digest(b []byte) uint64 {
	h := fnv.New64a()
	h.Write(b)
	return h.Sum64()
}
