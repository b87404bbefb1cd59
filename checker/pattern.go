package checker

import (
	"regexp"
	"regexp/syntax"
)

// pattern is a rule's regexp with what tells apart the blocks it cannot
// match, so that it runs on as few blocks as possible (Go's regexps
// cost tens of nanoseconds a byte, and far more for long alternations).
type pattern struct {
	re  *regexp.Regexp
	lit int // literal set of re (Engine.lits), or -1
	// alts are the top-level alternatives of re, each with its own
	// literals: re matches a text exactly when one of them does, and a
	// block flagged for one cheap alternative need not run the others.
	alts []patternAlt
}

type patternAlt struct {
	re  *regexp.Regexp
	lit int
}

// pattern compiles the prefilter of a rule's regexp; nil for nil.
func (e *Engine) pattern(re *regexp.Regexp) *pattern {
	if re == nil {
		return nil
	}
	p := &pattern{re: re, lit: e.literalSet(requiredLiterals(re))}
	sre, err := syntax.Parse(re.String(), syntax.Perl)
	if err != nil || sre.Op != syntax.OpAlternate {
		return p
	}
	var alts []patternAlt
	useful := false
	for _, sub := range sre.Sub {
		are, err := regexp.Compile(sub.String())
		if err != nil {
			return p
		}
		a := patternAlt{re: are, lit: e.literalSet(requiredLiterals(are))}
		useful = useful || a.lit >= 0
		alts = append(alts, a)
	}
	if useful {
		p.alts = alts
	}
	return p
}

// may reports whether block view v can hold a match of pat; when pat has
// alternatives, whether it does hold one.
func (p *Pass) may(v BlockView, pat *pattern) bool {
	if !p.mayMatch(v, pat.lit) {
		return false
	}
	if pat.alts == nil {
		return true
	}
	text := p.Text(v)
	for _, a := range pat.alts {
		if p.mayMatch(v, a.lit) && a.re.MatchString(text) {
			return true
		}
	}
	return false
}

// matchPattern reports whether block view v has a match of pat.
func (p *Pass) matchPattern(v BlockView, pat *pattern) bool {
	if !p.may(v, pat) {
		return false
	}
	return pat.alts != nil || pat.re.MatchString(p.Text(v))
}

// findPattern returns the non-overlapping matches of pat in the views.
func (p *Pass) findPattern(views []BlockView, pat *pattern) []occurrence {
	var out []occurrence
	for _, v := range views {
		if !p.may(v, pat) {
			continue
		}
		for _, m := range pat.re.FindAllStringSubmatchIndex(p.Text(v), -1) {
			out = append(out, occurrence{v: v, lo: m[0], hi: m[1], sub: m})
		}
	}
	return out
}

// countPattern returns how many non-overlapping matches of pat the views
// have, counting no further than limit.
func (p *Pass) countPattern(views []BlockView, pat *pattern, limit int) int {
	n := 0
	for _, v := range views {
		if n >= limit {
			break
		}
		if limit-n == 1 {
			if p.matchPattern(v, pat) {
				n++
			}
			continue
		}
		if p.may(v, pat) {
			n += len(pat.re.FindAllStringIndex(p.Text(v), limit-n))
		}
	}
	return n
}
