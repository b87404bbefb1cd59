package checker

import (
	"strings"

	"github.com/copydesk/copydesk/rules"
)

// cond is a compiled when condition.
type cond struct {
	c        *rules.Cond
	contains *pattern
	has      *Selector
	path     *rules.Glob
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
		s, err := e.selector(c.Has)
		if err != nil {
			errs.Add(r.ValuePosOf(key+".has"), r.KeyPath(key+".has"), "invalid selector %q: %v", c.Has, err)
		}
		out.has = s
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
	d := p.Doc
	if len(c.c.Jurisdiction) > 0 && !anyIn(c.c.Jurisdiction, p.run.jur) {
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
	if c.has != nil {
		if p.Each {
			if !c.has.Match(p.Scope) && p.run.queryFirst(p.Scope, c.has) == nil {
				return false
			}
		} else if p.run.queryFirst(d.Root, c.has) == nil {
			return false
		}
	}
	if c.contains != nil {
		found := false
		for _, v := range p.Blocks() {
			if p.matchPattern(v, c.contains) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	if c.path != nil && !c.path.Match(d.Path) {
		return false
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
