package checker

import (
	"regexp"
	"strings"
	"sync"
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
	alts []*patternAlt
}

// patternAlt is one top-level alternative of a pattern, compiled on
// first use (most runs need few of them, and start-up counts).
type patternAlt struct {
	src  string
	lits []int // literal sets (Engine.lits) a matching block has a literal of each of
	once sync.Once
	re   *regexp.Regexp // nil when src does not compile
}

// regexp returns the compiled alternative, or nil.
func (a *patternAlt) regexp() *regexp.Regexp {
	a.once.Do(func() { a.re, _ = regexp.Compile(a.src) })
	return a.re
}

// pattern compiles the prefilter of a rule's regexp; nil for nil. Each
// part of the source is parsed once: printing a parsed regexp back
// (syntax.Regexp.String) can take seconds for case-folded classes.
func (e *Engine) pattern(re *regexp.Regexp) *pattern {
	if re == nil {
		return nil
	}
	p := &pattern{re: re, lit: -1}
	src := re.String()
	sre, err := parseForLiterals(src)
	if err != nil {
		return p
	}
	p.lit = e.literalSet(patternLiterals(src, sre))
	pieces := flattenAlternatives(src)
	if len(pieces) < 2 {
		return p
	}
	var alts []*patternAlt
	useful := false
	for _, piece := range pieces {
		s, err := parseForLiterals(piece)
		if err != nil {
			return p
		}
		a := &patternAlt{src: piece}
		for _, set := range patternSets(piece, s) {
			if lit := e.literalSet(set); lit >= 0 {
				a.lits = append(a.lits, lit)
			}
		}
		useful = useful || len(a.lits) > 0
		alts = append(alts, a)
	}
	if useful {
		p.alts = alts
	}
	return p
}

// splitAlternatives splits a regexp's source at its top-level "|",
// giving each part the flags that earlier parts set with a bare "(?i)"
// (which holds to the end of the group, across "|"). It returns nil when
// the source has no top-level "|" or is not understood.
func splitAlternatives(src string) []string {
	var pieces []string
	var flags strings.Builder // bare flag groups seen at the top level
	prefix := ""              // those seen where the current piece starts
	start, depth := 0, 0
	for i := 0; i < len(src); i++ {
		switch c := src[i]; c {
		case '\\':
			if i+1 < len(src) && src[i+1] == 'Q' {
				end := strings.Index(src[i+2:], `\E`)
				if end < 0 {
					i = len(src)
				} else {
					i += 2 + end + 1
				}
				continue
			}
			i++ // the escaped character (its first byte is enough)
		case '[':
			end := classEnd(src, i)
			if end < 0 {
				return nil
			}
			i = end
		case '(':
			if depth == 0 {
				if end := flagGroupEnd(src, i); end > 0 {
					flags.WriteString(src[i : end+1])
					i = end
					continue
				}
			}
			depth++
		case ')':
			depth--
			if depth < 0 {
				return nil
			}
		case '|':
			if depth == 0 {
				pieces = append(pieces, prefix+src[start:i])
				start = i + 1
				// Flags set so far hold in the next alternative.
				prefix = flags.String()
			}
		}
	}
	if depth != 0 || len(pieces) == 0 {
		return nil
	}
	return append(pieces, prefix+src[start:])
}

// flattenAlternatives is splitAlternatives, also splitting an
// alternative that is one group of alternatives, such as
// "(?i:caption goes here|^dummy text)", into its own alternatives (with
// the group's flags and those that hold where it starts): each gets
// literals of its own. It returns nil when src has no alternatives to
// split, at the top level or in such a group.
func flattenAlternatives(src string) []string {
	pieces := splitAlternatives(src)
	if pieces == nil {
		pieces = []string{src}
	}
	var out []string
	for _, piece := range pieces {
		if inner := groupAlternatives(piece); inner != nil {
			out = append(out, inner...)
			continue
		}
		out = append(out, piece)
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

// groupAlternatives returns the alternatives of piece when it is one
// group, after bare flag groups, whose content has alternatives at its
// top level, each with those flags and the group's; else nil. The group
// may be between word boundaries, as a list of words is
// (`(?i)\b(?:said|told|…)\b`): each alternative is then a word between
// them, `(?i)\b(?:said)\b`, which matches where the whole does with
// that word (the concatenation distributes over the alternation).
func groupAlternatives(piece string) []string {
	i := 0
	for i < len(piece) {
		end := flagGroupEnd(piece, i)
		if end < 0 {
			break
		}
		i = end + 1
	}
	flags := piece[:i]
	if rest := piece[i:]; strings.HasPrefix(rest, `\b(`) && strings.HasSuffix(rest, `)\b`) && !strings.HasSuffix(rest, `\)\b`) {
		if groupEnd(rest, 2) != len(rest)-3 {
			return nil
		}
		inner := groupAlternatives(flags + rest[2:len(rest)-2])
		for k, alt := range inner {
			inner[k] = flags + `\b(?:` + alt + `)\b`
		}
		return inner
	}
	if i >= len(piece) || piece[i] != '(' || groupEnd(piece, i) != len(piece)-1 {
		return nil
	}
	body, groupFlags := piece[i+1:len(piece)-1], ""
	switch {
	case strings.HasPrefix(body, "?P<"), strings.HasPrefix(body, "?<"):
		end := strings.IndexByte(body, '>')
		if end < 0 {
			return nil
		}
		body = body[end+1:]
	case strings.HasPrefix(body, "?"):
		end := strings.IndexByte(body, ':')
		if end < 0 || flagGroupEnd("("+body[:end]+")", 0) != end+1 && end != 1 {
			return nil
		}
		if end > 1 {
			groupFlags = "(" + body[:end] + ")"
		}
		body = body[end+1:]
	}
	inner := flattenAlternatives(flags + groupFlags + body)
	if inner == nil {
		return nil
	}
	return inner
}

// groupEnd returns the index of the ")" that closes the group opened at
// src[i], or -1.
func groupEnd(src string, i int) int {
	depth := 0
	for j := i; j < len(src); j++ {
		switch src[j] {
		case '\\':
			if j+1 < len(src) && src[j+1] == 'Q' {
				end := strings.Index(src[j+2:], `\E`)
				if end < 0 {
					return -1
				}
				j += 2 + end + 1
				continue
			}
			j++
		case '[':
			end := classEnd(src, j)
			if end < 0 {
				return -1
			}
			j = end
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

// classEnd returns the index of the "]" that closes the character class
// opened at src[i], or -1.
func classEnd(src string, i int) int {
	j := i + 1
	if j < len(src) && src[j] == '^' {
		j++
	}
	if j < len(src) && src[j] == ']' {
		j++ // a "]" first in a class is a literal
	}
	for ; j < len(src); j++ {
		switch src[j] {
		case '\\':
			j++
		case '[':
			if strings.HasPrefix(src[j:], "[:") {
				if end := strings.Index(src[j+2:], ":]"); end >= 0 {
					j += 2 + end + 1
				}
			}
		case ']':
			return j
		}
	}
	return -1
}

// flagGroupEnd returns the index of the ")" of a bare flag group such as
// "(?i)" or "(?s-i)" at src[i], or -1 when src[i] starts anything else.
func flagGroupEnd(src string, i int) int {
	if !strings.HasPrefix(src[i:], "(?") {
		return -1
	}
	for j := i + 2; j < len(src); j++ {
		switch c := src[j]; {
		case c == ')':
			if j == i+2 {
				return -1
			}
			return j
		case c == '-' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		default:
			return -1
		}
	}
	return -1
}

// may reports whether block view v can hold a match of pat, and whether
// it surely does (an alternative matched).
func (p *Pass) may(v BlockView, pat *pattern) (possible, sure bool) {
	if !p.mayMatch(v, pat.lit) {
		return false, false
	}
	if pat.alts == nil {
		return true, false
	}
	text := p.Text(v)
alts:
	for _, a := range pat.alts {
		for _, lit := range a.lits {
			if !p.mayMatch(v, lit) {
				continue alts
			}
		}
		re := a.regexp()
		if re == nil {
			return true, false
		}
		if re.MatchString(text) {
			return true, true
		}
	}
	return false, false
}

// matchPattern reports whether block view v has a match of pat.
func (p *Pass) matchPattern(v BlockView, pat *pattern) bool {
	possible, sure := p.may(v, pat)
	return sure || possible && pat.re.MatchString(p.Text(v))
}

// findPattern returns the non-overlapping matches of pat in the views.
func (p *Pass) findPattern(views []BlockView, pat *pattern) []occurrence {
	var out []occurrence
	limit := p.findLimit()
	for _, v := range views {
		if limit >= 0 && len(out) >= limit {
			p.run.stopped = true
			break
		}
		if possible, _ := p.may(v, pat); !possible {
			continue
		}
		n := -1
		if limit >= 0 {
			n = limit - len(out)
		}
		for _, m := range pat.re.FindAllStringSubmatchIndex(p.Text(v), n) {
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
		if possible, _ := p.may(v, pat); possible {
			n += len(pat.re.FindAllStringIndex(p.Text(v), limit-n))
		}
	}
	return n
}
