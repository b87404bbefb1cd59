package checker

import (
	"strings"

	"golang.org/x/net/html"

	"github.com/copydesk/copydesk/rules"
)

// cond is a compiled when condition.
type cond struct {
	c        *rules.Cond
	contains *pattern
	has      *Selector // inside the each element (or the page), or it
	next     *Selector // "+ X" in has: the element right after the each element
	later    *Selector // "~ X" in has: an element after it, with the same parent
	path     *rules.Glob
	before   *Selector // the elements a before condition looks at
	count    *Selector // the elements a count condition counts
	all, any []*cond
	not      *cond
}

// compileCond compiles c and its parts, reporting invalid selectors and
// globs at their keys.
func (e *Engine) compileCond(r *rules.Rule, c *rules.Cond, key string, errs *rules.ErrorList) *cond {
	if c == nil {
		return nil
	}
	if c.Key != "" {
		key = c.Key
	}
	out := &cond{c: c, contains: e.pattern(c.Contains)}
	if c.Has != "" {
		// Selectors that start with "+" or "~" are relative to the each
		// element, as in CSS :has(): its next sibling, or a later one.
		var inside, next, later []string
		for _, sel := range splitSelectorList(c.Has) {
			switch rest := strings.TrimSpace(sel[1:]); sel[0] {
			case '+':
				next = append(next, rest)
			case '~':
				later = append(later, rest)
			default:
				inside = append(inside, sel)
			}
		}
		if len(next)+len(later) > 0 && r.Each == "" {
			errs.Add(r.ValuePosOf(key+".has"), r.KeyPath(key+".has"), "a selector that starts with + or ~ is relative to the each element: the rule needs each")
		}
		compile := func(list []string) *Selector {
			if len(list) == 0 {
				return nil
			}
			s, err := e.selector(strings.Join(list, ", "))
			if err != nil {
				errs.Add(r.ValuePosOf(key+".has"), r.KeyPath(key+".has"), "invalid selector %q: %v", c.Has, err)
			}
			return s
		}
		out.has, out.next, out.later = compile(inside), compile(next), compile(later)
	}
	if b := c.Before; b != nil {
		if r.Each == "" {
			errs.Add(r.PosOf(key+".before"), r.KeyPath(key+".before"), "before looks before the each element: the rule needs each")
		}
		s, err := e.selector(b.Selector)
		if err != nil {
			errs.Add(r.ValuePosOf(key+".before.selector"), r.KeyPath(key+".before.selector"), "invalid selector %q: %v", b.Selector, err)
		}
		out.before = s
	}
	if n := c.Count; n != nil {
		s, err := e.selector(n.Selector)
		if err != nil {
			errs.Add(r.ValuePosOf(key+".count.selector"), r.KeyPath(key+".count.selector"), "invalid selector %q: %v", n.Selector, err)
		}
		out.count = s
	}
	if c.Path != "" {
		g, err := rules.CompileGlob(c.Path)
		if err != nil {
			errs.Add(r.ValuePosOf(key+".path"), r.KeyPath(key+".path"), "%v", err)
		}
		out.path = g
	}
	for _, a := range c.All {
		out.all = append(out.all, e.compileCond(r, a, "", errs))
	}
	for _, a := range c.Any {
		out.any = append(out.any, e.compileCond(r, a, "", errs))
	}
	out.not = e.compileCond(r, c.Not, key+".not", errs)
	return out
}

// eval reports whether the condition holds for a pass: every key that is
// set must hold.
func (c *cond) eval(p *Pass) bool {
	if !c.pageOK(p.run) {
		return false
	}
	if c.has != nil || c.next != nil || c.later != nil {
		if !c.hasMatch(p) {
			return false
		}
	}
	if c.before != nil && !c.beforeMatch(p) {
		return false
	}
	if c.count != nil && !c.countMatch(p) {
		return false
	}
	if c.contains != nil {
		found := false
		// The literals rule out most blocks at less cost than the
		// rule's exclude list: the blocks are tried before it.
		for _, v := range p.run.blocksIn(p.Scope) {
			if possible, _ := p.may(v, c.contains); !possible || p.excludedBlock(p.Doc.Blocks[v.Index].Node) {
				continue
			}
			if p.matchPattern(v, c.contains) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	for _, a := range c.all {
		if !a.eval(p) {
			return false
		}
	}
	if len(c.any) > 0 {
		ok := false
		for _, a := range c.any {
			if a.eval(p) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	if c.not != nil && c.not.eval(p) {
		return false
	}
	return true
}

// pageOK reports whether the keys of the condition that depend on the
// page alone (jurisdiction, lang, meta, path) hold.
func (c *cond) pageOK(r *run) bool {
	d := r.doc
	if len(c.c.Jurisdiction) > 0 && !anyIn(c.c.Jurisdiction, r.jur) {
		return false
	}
	if l := c.c.Lang; l != "" {
		lang := strings.ToLower(d.Lang)
		l = strings.ToLower(l)
		if lang != l && !strings.HasPrefix(lang, l+"-") {
			return false
		}
	}
	for _, m := range c.c.Meta {
		if !metaMatches(d, m) {
			return false
		}
	}
	return c.path == nil || c.path.Match(d.Path)
}

// pageFails reports whether the condition fails on the page whatever the
// scope or each element: its own page keys fail, or those of a part of
// its all. The engine asks it once per rule and page, before it looks
// at the scopes and each elements (a rule for English pages skips the
// paragraphs of the others).
func (c *cond) pageFails(r *run) bool {
	if !c.pageOK(r) {
		return true
	}
	for _, a := range c.all {
		if a.pageFails(r) {
			return true
		}
	}
	return false
}

// metaMatches reports whether a <meta> named m.Name has matching content.
func metaMatches(d *Document, m rules.MetaCond) bool {
	name := strings.ToLower(m.Name)
	for _, meta := range d.Metas {
		if meta.Key == name && (m.Pattern == nil || m.Pattern.MatchString(meta.Content)) {
			return true
		}
	}
	return false
}

func anyIn(want, have []string) bool {
	for _, w := range want {
		for _, h := range have {
			if w == h {
				return true
			}
		}
	}
	return false
}

// hasMatch reports whether the has selectors find an element: inside the
// each element (or the element itself), or on the page without each; or,
// for "+ X" and "~ X", the next element sibling of the each element or a
// later one.
func (c *cond) hasMatch(p *Pass) bool {
	if !p.Each {
		return c.has != nil && p.run.queryFirst(p.Doc.Root, c.has) != nil
	}
	if c.has != nil && (c.has.Match(p.Scope) || p.run.queryFirst(p.Scope, c.has) != nil) {
		return true
	}
	first := true
	for n := p.Scope.NextSibling; n != nil; n = n.NextSibling {
		if n.Type != html.ElementNode {
			continue
		}
		if p.Doc.Hidden(n) {
			first = false
			continue
		}
		if first && c.next != nil && c.next.Match(n) || c.later != nil && c.later.Match(n) {
			return true
		}
		first = false
		if c.later == nil {
			break
		}
	}
	return false
}

// maxBefore bounds how many elements a before condition looks at on its
// way back from the each element (the elements of figures, ads and
// embeds between included), so that a page of thousands of paragraphs
// costs a few steps per element, not the page.
const maxBefore = 2000

// beforeMatch reports whether the nearest element before the each
// element (see rules.Before) exists and, with a pattern, matches it. It
// walks back from the each element in document order, matching the
// selector element by element: the nearest match is usually a few
// elements away, so the selector is not matched against the whole page.
func (c *cond) beforeMatch(p *Pass) bool {
	if !p.Each {
		return false
	}
	r, d := p.run, p.Doc
	id := d.id(p.Scope)
	outer := d.id(p.outer)
	if id < 0 {
		return false
	}
	start := d.info(id).start
	for k, seen := id-1, 0; k > outer && seen < maxBefore; k-- {
		n := d.node(k)
		if n.Type != html.ElementNode {
			continue
		}
		seen++
		if d.info(k).end > start || !c.before.Match(n) {
			continue // contains the each element, or is not looked at
		}
		views := r.blocksIn(n)
		if len(views) == 0 || r.excluded(p.c, n, p.outer) {
			continue
		}
		if c.c.Before.Pattern == nil {
			return true
		}
		return c.c.Before.Pattern.MatchString(blocksText(d, views))
	}
	return false
}

// blocksText joins the text of block views with spaces.
func blocksText(d *Document, views []BlockView) string {
	if len(views) == 1 {
		v := views[0]
		return d.Blocks[v.Index].Text[v.Lo:v.Hi]
	}
	var b strings.Builder
	for i, v := range views {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(d.Blocks[v.Index].Text[v.Lo:v.Hi])
	}
	return b.String()
}

// countMatch reports whether at least Count.Min elements of the scope
// match the count selector and are not excluded.
func (c *cond) countMatch(p *Pass) bool {
	outer := p.outer
	if outer == nil {
		outer = p.Scope
	}
	n := 0
	for _, e := range p.run.queryScope(outer, c.count) {
		if !p.run.excluded(p.c, e, outer) {
			if n++; n >= c.c.Count.Min {
				return true
			}
		}
	}
	return false
}

// splitSelectorList splits a CSS selector list at its top-level commas
// (not those inside parentheses, brackets or quotes), trimming each part.
func splitSelectorList(s string) []string {
	var parts []string
	depth, start := 0, 0
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\':
			i++
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '(' || c == '[':
			depth++
		case c == ')' || c == ']':
			depth--
		case c == ',' && depth == 0:
			parts = append(parts, strings.TrimSpace(s[start:i]))
			start = i + 1
		}
	}
	parts = append(parts, strings.TrimSpace(s[start:]))
	out := parts[:0]
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}
