package checker

import (
	"fmt"

	"github.com/copydesk/copydesk/rules"
)

var requireKind = newKind(`Passes when a text, pattern or selector is present in the scope, between min and max times.
With position first or last only the first or last block (or the first/last "within" blocks) count;
with until, only the blocks that start before the end of the first element it matches (applied first).
A missing text is reported at the scope's start tag (with each, at the element's); every occurrence
beyond max is reported where it is. The rule's fix (insert, at) repairs a missing text.`,
	compileRequire, checkRequire)

// requireRule is a require check compiled.
type requireRule struct {
	*rules.Require
	sel   *Selector
	until *Selector
	text  string   // Text, normalised
	pat   *pattern // Pattern
	lit   int      // the literal set of text (Engine.lits); -1: none
}

func compileRequire(c *compiler, rq *rules.Require) *requireRule {
	s := &requireRule{Require: rq}
	s.sel = c.selector("require.selector", rq.Selector)
	s.until = c.selector("require.until", rq.Until)
	s.text = ruleText(rq.Text)
	s.pat = c.e.pattern(rq.Pattern)
	s.lit = c.e.literals(nil, s.text)
	return s
}

func checkRequire(p *Pass, rq *requireRule) {
	if rq.Selector != "" {
		found := p.Query(rq.sel)
		// Past the rule's cap a finding is only counted (Full): a rule
		// with a long selector that misses in each of 300,000 figures
		// spent most of its check quoting the selector.
		switch {
		case len(found) >= rq.Min:
		case p.Full():
			p.Skip(p.StartTag())
		default:
			p.Report(p.StartTag(), fmt.Sprintf("%s: missing element %q", p.Rule.Title, rq.Selector),
				rules.MessageData{Expected: rq.Selector}, p.insertFix())
		}
		if rq.Max >= 0 && len(found) > rq.Max {
			for _, el := range found[rq.Max:] {
				if p.Full() {
					p.Skip(p.Doc.StartTag(el))
					continue
				}
				p.Report(p.Doc.StartTag(el), fmt.Sprintf("%s: more than %d %q", p.Rule.Title, rq.Max, rq.Selector),
					rules.MessageData{Expected: rq.Selector, Match: string(p.Doc.Src[p.Doc.StartTag(el).Start:p.Doc.StartTag(el).End])}, nil)
			}
		}
		return
	}

	views := p.Blocks()
	if rq.until != nil {
		views = p.until(views, rq.until)
	}
	within := max(rq.Within, 1)
	switch rq.Position {
	case rules.First:
		views = views[:min(within, len(views))]
	case rules.Last:
		views = views[max(len(views)-within, 0):]
	}
	var occ []occurrence
	expected := rq.Text
	count := 0
	switch {
	case rq.Pattern != nil && rq.Max < 0:
		// Without a maximum, only whether there are min matches counts.
		count = p.countPattern(views, rq.pat, rq.Min)
		expected = rq.Pattern.String()
	case rq.Pattern != nil:
		occ = p.findPattern(views, rq.pat)
		count = len(occ)
		expected = rq.Pattern.String()
	default:
		occ = p.findText(views, rq.text, 0, rq.lit)
		count = len(occ)
	}
	switch {
	case count >= rq.Min:
	case p.Full():
		p.Skip(p.StartTag())
	default:
		where := ""
		switch rq.Position {
		case rules.First:
			where = " in the first block"
		case rules.Last:
			where = " in the last block"
		}
		if within > 1 && rq.Position != rules.Anywhere {
			where = fmt.Sprintf(" in the %s %d blocks", rq.Position, within)
		}
		p.Report(p.StartTag(), fmt.Sprintf("%s: %q not found%s", p.Rule.Title, expected, where),
			rules.MessageData{Expected: expected}, p.insertFix())
	}
	if rq.Max >= 0 && count > rq.Max {
		for _, o := range occ[rq.Max:] {
			if p.Full() {
				p.Skip(p.SourceSpan(o.v, o.lo, o.hi))
				continue
			}
			p.Report(p.SourceSpan(o.v, o.lo, o.hi), fmt.Sprintf("%s: more than %d occurrences of %q", p.Rule.Title, rq.Max, expected),
				rules.MessageData{Expected: expected, Match: p.Text(o.v)[o.lo:o.hi]}, nil)
		}
	}
}

// until returns the views that start before the end of the first
// element in the scope that sel matches (its alternatives tried in
// order); all of them when it matches none.
func (p *Pass) until(views []BlockView, sel *Selector) []BlockView {
	for _, alt := range sel.Group {
		el := p.Doc.QueryFirst(p.Scope, alt)
		if el == nil {
			continue
		}
		end := p.Doc.Span(el).End
		n := 0
		for n < len(views) && p.SourceSpan(views[n], 0, 0).Start < end {
			n++
		}
		return views[:n]
	}
	return views
}

// insertFix returns the rule's insertion fix, placed as the first or last
// block of the scope element in the markup style around it (see
// scopeInsert), or nil when the rule has none or the scope's text is
// hidden (an insertion there could not repair the finding).
func (p *Pass) insertFix() *Fix {
	f := p.Rule.Fix
	if f == nil || f.Insert == "" || textHidden(p.Scope) || p.Doc.Hidden(p.Scope) {
		return nil
	}
	e := p.Doc.scopeInsert(p.Scope, f.At == rules.AtStart, f.Insert)
	return &Fix{Message: "insert " + shorten(f.Insert, 60), Edits: []Edit{e}, Order: p.insertOrder()}
}

// insertOrder is the Order of a require rule's insertion: a text that
// must be in the first (last) N blocks goes before (after) other
// insertions at the same place, the smaller N the further.
func (p *Pass) insertOrder() int {
	rq, ok := p.Rule.Check.(*rules.Require)
	if !ok {
		return 0
	}
	w := min(max(rq.Within, 1), 999)
	switch rq.Position {
	case rules.First:
		return w - 1000
	case rules.Last:
		return 1000 - w
	}
	return 0
}

// shorten quotes s, cut to about n characters.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return fmt.Sprintf("%q", string(r[:n])+"…")
	}
	return fmt.Sprintf("%q", s)
}
