package checker

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/net/html"

	"github.com/copydesk/copydesk/rules"
)

// Suppressions (docs/suppressions.md):
//
//	<!-- copydesk-ignore RULE-ID[,RULE-ID] -- reason -->       the next element
//	<!-- copydesk-ignore-file RULE-ID[,RULE-ID] -- reason -->  the whole file
//	data-copydesk-ignore="RULE-ID[,RULE-ID]"                   the element's subtree
//
// The "next element" of a comment is the first element that starts after
// it; a suppression covers a finding when the finding starts inside the
// element. Suppressed findings stay in the results, marked Suppressed
// with the reason as Justification. A comment without a reason, without
// rule ids, or naming an unknown id close to a known one is reported as
// rules.InvalidSuppression and suppresses nothing; a suppression id that
// covers no finding of an enabled rule is reported as
// rules.UnusedSuppression, at the comment or attribute.

// ignoreMarker is what every suppression contains; documents without it
// skip the suppression pass.
var ignoreMarker = []byte("copydesk-ignore")

// ignoreAttr is the suppression attribute.
const ignoreAttr = "data-copydesk-ignore"

// reasonSep separates the rule ids of a comment from its reason.
var reasonSep = regexp.MustCompile(`(?:^|\s)--(?:\s|$)`)

// suppression is one suppression comment or attribute of a document.
type suppression struct {
	kind   string // "copydesk-ignore", "copydesk-ignore-file" or ignoreAttr
	ids    []string
	reason string
	at     Span // the comment or attribute: where problems with it are reported
	target Span // what it covers; the whole file for copydesk-ignore-file
	used   []bool
}

// suppress applies the document's suppressions to the findings and adds
// the findings of the core rules. sev gives the severity of a rule for
// this document (SevOff: not run).
func (r *run) suppress(sev func(id string) rules.Severity) {
	if !r.doc.marked {
		return
	}
	sups := r.suppressions(sev)
	if len(sups) == 0 {
		return
	}
	r.applySuppressions(sups)
	start := len(r.findings)
	for _, s := range sups {
		for k, id := range s.ids {
			rule := r.e.byID[id]
			if s.used[k] || rule == nil || sev(id) == rules.SevOff || id == rules.UnusedSuppression {
				continue
			}
			where := "the next element"
			switch s.kind {
			case "copydesk-ignore-file":
				where = "this file"
			case ignoreAttr:
				where = "this element"
			}
			r.core(rules.UnusedSuppression, sev, s.at, fmt.Sprintf("%s %s suppresses nothing: %s reports nothing in %s", s.kind, id, id, where))
		}
	}
	// The core findings can be suppressed for the whole file (by the
	// last such comment that names them, as before).
	fileWide := map[string]string{}
	for _, s := range sups {
		if s.kind == "copydesk-ignore-file" {
			for _, id := range s.ids {
				fileWide[id] = s.reason
			}
		}
	}
	for i := start; i < len(r.findings); i++ {
		f := &r.findings[i]
		if reason, ok := fileWide[f.Rule.ID]; ok {
			f.Suppressed, f.Justification = true, reason
		}
	}
}

// core records a finding of a core rule.
func (r *run) core(id string, sev func(string) rules.Severity, at Span, msg string) {
	rule := r.e.coreRule(id)
	s := sev(id)
	if rule == nil || s == rules.SevOff {
		return
	}
	r.findings = append(r.findings, Finding{Rule: rule, Severity: s, Message: msg, Span: at, Match: collapse(r.doc.Src[at.Start:at.End], 200)})
}

// covers reports whether a finding starting at off is suppressed.
func (s *suppression) covers(off int) bool {
	return s.target.Start <= off && (off < s.target.End || off == s.target.Start)
}

// suppressions reads the suppression comments and attributes of the
// document, reporting malformed comments as invalid suppressions.
func (r *run) suppressions(sev func(string) rules.Severity) []*suppression {
	d := r.doc
	var out []*suppression
	var next nextElement
	for _, c := range d.Comments {
		text := strings.TrimSpace(c.Text)
		rest, ok := strings.CutPrefix(text, string(ignoreMarker))
		if !ok {
			continue
		}
		kind := string(ignoreMarker)
		if tail, ok := strings.CutPrefix(rest, "-file"); ok {
			kind, rest = kind+"-file", tail
		}
		if rest != "" && !unicode.IsSpace(rune(rest[0])) {
			if rest[0] == '-' {
				r.core(rules.InvalidSuppression, sev, c.Span, fmt.Sprintf("unknown directive %q (use copydesk-ignore or copydesk-ignore-file)", strings.Fields(text)[0]))
			}
			continue // a word that only starts like ours
		}
		s := &suppression{kind: kind, at: c.Span}
		idPart := rest
		if loc := reasonSep.FindStringIndex(rest); loc != nil {
			idPart, s.reason = rest[:loc[0]], strings.TrimSpace(rest[loc[1]:])
		}
		s.ids = splitIDs(idPart)
		switch {
		case len(s.ids) == 0:
			r.core(rules.InvalidSuppression, sev, c.Span, fmt.Sprintf("%s names no rule: write <!-- %s RULE-ID -- reason -->", kind, kind))
			continue
		case s.reason == "":
			r.core(rules.InvalidSuppression, sev, c.Span, fmt.Sprintf("%s %s has no reason: add one after \" -- \", e.g. <!-- %s %s -- why the rule does not apply -->",
				kind, strings.Join(s.ids, ","), kind, strings.Join(s.ids, ",")))
			continue
		}
		if bad := r.unknownIDs(s.ids); bad != "" {
			r.core(rules.InvalidSuppression, sev, c.Span, bad)
			continue
		}
		if kind == "copydesk-ignore-file" {
			s.target = Span{0, len(d.Src)}
		} else if el := next.after(d, c.Span.End); el != nil {
			s.target = d.Span(el)
		} else {
			s.target = Span{-1, -1}
		}
		s.used = make([]bool, len(s.ids))
		out = append(out, s)
	}
	d.each(d.Root, func(el *html.Node) bool {
		for i, a := range el.Attr {
			if a.Key != ignoreAttr || a.Namespace != "" {
				continue
			}
			s := &suppression{kind: ignoreAttr, ids: splitIDs(a.Val), target: d.Span(el), reason: ignoreAttr}
			s.at = d.StartTag(el)
			if spans := d.Attrs(el); i < len(spans) {
				s.at = Span{spans[i].Key.Start, max(spans[i].Value.End, spans[i].Key.End)}
			}
			s.used = make([]bool, len(s.ids))
			out = append(out, s)
		}
		return true
	})
	return out
}

// unknownIDs describes the ids that are not rules of the engine but are
// close to one (likely typos), or returns "". Ids of rules that are not
// loaded at all are left alone: the comment may be meant for another
// config.
func (r *run) unknownIDs(ids []string) string {
	var msgs []string
	for _, id := range ids {
		if r.e.byID[id] != nil || r.e.coreRule(id) != nil {
			continue
		}
		if s := rules.SuggestID(id, r.e.ids()); s != "" {
			msgs = append(msgs, fmt.Sprintf("unknown rule %s (did you mean %s?)", id, s))
		}
	}
	return strings.Join(msgs, "; ")
}

// splitIDs splits a list of rule ids separated by commas or white space.
func splitIDs(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || unicode.IsSpace(r) })
}

// SuppressAt returns where a copydesk-ignore comment goes to suppress
// a finding whose span starts at offset off of the file: the start of the
// innermost element, with a start tag in the source, that holds off. A
// comment there has that element as its next element (docs/
// suppressions.md), which covers the finding. It returns -1 when no
// element holds off (a finding about the page as a whole): only
// copydesk-ignore-file covers such a finding.
func (d *Document) SuppressAt(off int) int {
	off = d.SrcOffset(off)
	k := sort.Search(int(d.nodes), func(k int) bool { return int(d.info(int32(k)).start) > off })
	for k--; k >= 0; k-- {
		in := d.info(int32(k))
		if in.tagEnd <= in.start || int(in.end) <= off && int(in.start) != off {
			continue
		}
		if n := d.node(int32(k)); n.Type == html.ElementNode {
			return d.FileOffset(int(in.start))
		}
	}
	return -1
}

// elementAfter returns the first element that starts at or after off,
// or nil.
func (d *Document) elementAfter(off int) *html.Node {
	k := sort.Search(int(d.nodes), func(k int) bool { return int(d.info(int32(k)).start) >= off })
	for ; k < int(d.nodes); k++ {
		if n := d.node(int32(k)); n.Type == html.ElementNode && int(d.info(int32(k)).start) >= off {
			return n
		}
	}
	return nil
}

// nextElement finds the element after each of a series of offsets that
// do not decrease (the comments of a document, in order), remembering the
// last answer: however many comments precede an element, and whatever
// text lies between them, the nodes are scanned once.
type nextElement struct {
	from, start int // the last query and the start of its answer
	el          *html.Node
	done        bool
}

func (n *nextElement) after(d *Document, off int) *html.Node {
	if n.done && off >= n.from && (n.el == nil || off <= n.start) {
		n.from = off
		return n.el
	}
	n.el, n.from, n.done = d.elementAfter(off), off, true
	if n.el != nil {
		n.start = d.Span(n.el).Start
	}
	return n.el
}

// supGroup is the suppressions of one rule id that cover the same span.
type supGroup struct {
	target  Span
	members []supRef // in the order of the document's suppressions
	used    bool     // the members are marked used
}

// supRef is the k-th id of suppression s; order is the position of s in
// the document's suppressions.
type supRef struct {
	s     *suppression
	k     int
	order int
}

// applySuppressions marks the findings that suppressions cover, with the
// reason of the first covering suppression (in the document's order), and
// marks the ids that suppress something as used. Per rule id it sweeps the
// findings in offset order over the suppressions' targets grouped by span,
// so the cost grows with findings times nesting depth, not times the
// number of suppressions (a page can hold thousands of comments).
func (r *run) applySuppressions(sups []*suppression) {
	groups := map[string]map[Span]*supGroup{}
	for order, s := range sups {
		if s.target.Start < 0 {
			continue
		}
		for k, id := range s.ids {
			byTarget := groups[id]
			if byTarget == nil {
				byTarget = map[Span]*supGroup{}
				groups[id] = byTarget
			}
			g := byTarget[s.target]
			if g == nil {
				g = &supGroup{target: s.target}
				byTarget[s.target] = g
			}
			g.members = append(g.members, supRef{s, k, order})
		}
	}
	byID := map[string][]int{} // indices of the findings of each suppressed id
	for i := range r.findings {
		if id := r.findings[i].Rule.ID; groups[id] != nil {
			byID[id] = append(byID[id], i)
		}
	}
	for id, idx := range byID {
		list := make([]*supGroup, 0, len(groups[id]))
		for _, g := range groups[id] {
			list = append(list, g)
		}
		sort.Slice(list, func(a, b int) bool {
			if list[a].target.Start != list[b].target.Start {
				return list[a].target.Start < list[b].target.Start
			}
			return list[a].target.End > list[b].target.End
		})
		sort.SliceStable(idx, func(a, b int) bool { return r.findings[idx[a]].Span.Start < r.findings[idx[b]].Span.Start })
		var active []*supGroup
		next := 0
		for _, i := range idx {
			f := &r.findings[i]
			off := f.Span.Start
			for next < len(list) && list[next].target.Start <= off {
				active = append(active, list[next])
				next++
			}
			// Keep the groups that cover off or may cover a later one.
			kept := active[:0]
			for _, g := range active {
				if g.target.End > off || g.target.Start == off {
					kept = append(kept, g)
				}
			}
			active = kept
			first := -1
			for _, g := range active {
				if !(&suppression{target: g.target}).covers(off) {
					continue
				}
				if !g.used {
					g.used = true
					for _, m := range g.members {
						m.s.used[m.k] = true
					}
				}
				if first < 0 || g.members[0].order < first {
					first = g.members[0].order
				}
			}
			if first >= 0 && !f.Suppressed {
				f.Suppressed, f.Justification = true, sups[first].reason
			}
		}
	}
}
