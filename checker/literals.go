package checker

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"sync"
	"unicode/utf8"
)

// Required literals of a pattern: a set of strings of which every match
// contains at least one. A block of text that contains none of them
// cannot match, so the engine does not run the pattern on it (see
// litScanner). The analysis is conservative: when it cannot tell, a
// pattern has no required literals and runs on every block.

// Limits of the analysis: sets of strings larger than this, or strings
// longer, are not tracked.
const (
	maxLitSet = 64
	maxLitLen = 128
	// minLitLen is the length in bytes every literal of a usable set
	// must have. Even a set with a one-byte literal such as "." is kept:
	// each set has its own bit per block, so a literal found in almost
	// every block costs its pattern the gain, and nothing else.
	minLitLen = 1
)

// litInfo is what the analysis knows of a regexp node.
type litInfo struct {
	// exact, when exactOK, holds every string the node can match.
	exact   []string
	exactOK bool
	// req is a set of strings one of which every match contains; nil
	// when none is known.
	req []string
}

// requiredLiterals returns a set of strings one of which occurs in every
// match of re, or nil when there is no useful one. Case is ignored: the
// strings are compared under foldRune (see litScanner).
func requiredLiterals(re *regexp.Regexp) []string {
	if re == nil {
		return nil
	}
	sre, err := parseForLiterals(re.String())
	if err != nil {
		return nil
	}
	return patternLiterals(re.String(), sre)
}

// maxMemo bounds each memo of the analysis (a language server reloads
// edited packs): when one is full, it starts again empty.
const maxMemo = 4096

// srcMemo remembers the analysis of a regexp by its source, which is the
// same wherever the pattern recurs (in rules, packs, engines). What it
// holds is shared and must not be modified.
type srcMemo[T any] struct {
	mu sync.Mutex
	m  map[string]T
}

func (c *srcMemo[T]) get(src string, f func() T) T {
	c.mu.Lock()
	v, ok := c.m[src]
	c.mu.Unlock()
	if ok {
		return v
	}
	v = f()
	c.mu.Lock()
	if c.m == nil || len(c.m) >= maxMemo {
		c.m = map[string]T{}
	}
	c.m[src] = v
	c.mu.Unlock()
	return v
}

var (
	litsMemo srcMemo[[]string]
	setsMemo srcMemo[[][]string]
)

// patternLiterals is usableLiterals(analyze(sre).best()) for sre, the
// parsed src, remembered by src.
func patternLiterals(src string, sre *syntax.Regexp) []string {
	return litsMemo.get(src, func() []string { return usableLiterals(analyze(sre).best()) })
}

// patternSets is requiredSets(sre) for sre, the parsed src, remembered
// by src.
func patternSets(src string, sre *syntax.Regexp) [][]string {
	return setsMemo.get(src, func() [][]string { return requiredSets(sre) })
}

// maxReqSets is how many required sets requiredSets gives at most, and
// minPartLit the length of the shortest literal of a set it adds to the
// most selective (a set of spaces or digits is in every block).
const (
	maxReqSets = 3
	minPartLit = 3
)

// requiredSets returns up to maxReqSets sets of strings such that every
// match of re contains a string of each: the most selective set of re
// (analyze) and, when re is a concatenation, those of its parts, most
// selective first. A block must have a literal of every set to be
// worth running re on: "\b(?:caption|title|…)\s+goes\s+here\b" runs
// only where "goes" and "here" and one of the words are all found, not
// wherever "here" is (as in "there" and "where").
func requiredSets(re *syntax.Regexp) [][]string {
	for re.Op == syntax.OpCapture {
		re = re.Sub[0]
	}
	var sets [][]string
	least := minLitLen // the least score of a set; of the parts', minPartLit
	add := func(set []string) {
		if litScore(set) < least {
			return
		}
		for _, s := range sets {
			if slices.Equal(s, set) {
				return
			}
		}
		sets = append(sets, set)
	}
	if re.Op != syntax.OpConcat {
		add(analyze(re).best())
		return sets
	}
	// The parts are analysed once, for the whole and for themselves.
	infos := analyzeAll(re.Sub)
	add(concatInfo(infos).best())
	least = max(least, minPartLit)
	run := []string{""}
	for _, info := range infos {
		if info.exactOK {
			if p, ok := product(run, info.exact); ok {
				run = p
				continue
			}
			add(run)
			run = info.exact
			continue
		}
		add(run)
		add(info.best())
		run = []string{""}
	}
	add(run)
	slices.SortStableFunc(sets[min(1, len(sets)):], func(a, b []string) int {
		switch {
		case litScore(a) > litScore(b):
			return -1
		case litScore(a) < litScore(b):
			return 1
		}
		return len(a) - len(b)
	})
	return sets[:min(len(sets), maxReqSets)]
}

// usableLiterals returns set, or nil when it cannot tell blocks apart.
func usableLiterals(set []string) []string {
	if litScore(set) < minLitLen {
		return nil
	}
	return set
}

// litScore rates a set of required strings: the length of its shortest
// string, 0 for no set.
func litScore(set []string) int {
	if len(set) == 0 {
		return 0
	}
	n := maxLitLen + 1
	for _, s := range set {
		n = min(n, len(s))
	}
	return n
}

// better returns the more selective of two required sets.
func better(a, b []string) []string {
	sa, sb := litScore(a), litScore(b)
	if sb > sa || sb == sa && sb > 0 && len(b) < len(a) {
		return b
	}
	return a
}

// best returns the most selective required set the node offers.
func (l litInfo) best() []string {
	if l.exactOK {
		return better(l.req, l.exact)
	}
	return l.req
}

// emptyOnly is the litInfo of a node that matches only the empty string.
func emptyOnly() litInfo { return litInfo{exact: []string{""}, exactOK: true} }

func analyze(re *syntax.Regexp) litInfo {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText,
		syntax.OpEndText, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return emptyOnly()
	case syntax.OpLiteral:
		s := string(re.Rune)
		if len(s) > maxLitLen {
			return litInfo{req: []string{truncate(s, maxLitLen)}}
		}
		return litInfo{exact: []string{s}, exactOK: true, req: []string{s}}
	case syntax.OpCharClass:
		var set []string
		for i := 0; i+1 < len(re.Rune); i += 2 {
			lo, hi := re.Rune[i], re.Rune[i+1]
			if int(hi-lo)+1+len(set) > maxLitSet {
				return litInfo{}
			}
			for r := lo; r <= hi; r++ {
				set = append(set, string(r))
			}
		}
		if len(set) == 0 {
			return litInfo{}
		}
		return litInfo{exact: set, exactOK: true, req: set}
	case syntax.OpCapture:
		return analyze(re.Sub[0])
	case syntax.OpStar:
		return litInfo{}
	case syntax.OpQuest:
		sub := analyze(re.Sub[0])
		if sub.exactOK && len(sub.exact) < maxLitSet {
			return litInfo{exact: union(sub.exact, []string{""}), exactOK: true}
		}
		return litInfo{}
	case syntax.OpPlus:
		return litInfo{req: analyze(re.Sub[0]).best()}
	case syntax.OpRepeat:
		if re.Min == 0 {
			if re.Max == 1 {
				return analyze(&syntax.Regexp{Op: syntax.OpQuest, Sub: re.Sub})
			}
			return litInfo{}
		}
		return litInfo{req: analyze(re.Sub[0]).best()}
	case syntax.OpConcat:
		return analyzeConcat(re.Sub)
	case syntax.OpAlternate:
		return analyzeAlternate(re.Sub)
	}
	// Any character, no match: nothing is known.
	return litInfo{}
}

// analyzeConcat joins runs of exactly known parts into longer strings
// and keeps the most selective required set of the parts.
func analyzeConcat(subs []*syntax.Regexp) litInfo {
	return concatInfo(analyzeAll(subs))
}

// analyzeAll analyses each node.
func analyzeAll(subs []*syntax.Regexp) []litInfo {
	infos := make([]litInfo, len(subs))
	for i, sub := range subs {
		infos[i] = analyze(sub)
	}
	return infos
}

// concatInfo is analyzeConcat of parts already analysed.
func concatInfo(infos []litInfo) litInfo {
	var req []string
	run := []string{""}
	all := true
	for _, info := range infos {
		if info.exactOK {
			if p, ok := product(run, info.exact); ok {
				run = p
				continue
			}
			req = better(req, run)
			run = info.exact
			all = false
			continue
		}
		all = false
		req = better(req, run)
		req = better(req, info.req)
		run = []string{""}
	}
	req = better(req, run)
	if all {
		return litInfo{exact: run, exactOK: true, req: req}
	}
	return litInfo{req: req}
}

// analyzeAlternate: every match matches one alternative, so it contains
// one of that alternative's required strings.
func analyzeAlternate(subs []*syntax.Regexp) litInfo {
	var exact, req []string
	exactOK, reqOK := true, true
	for _, sub := range subs {
		info := analyze(sub)
		// exact and req are this call's own (appendNew to nil copies):
		// they grow in place.
		if exactOK && info.exactOK && len(exact)+len(info.exact) <= maxLitSet {
			exact = appendNew(exact, info.exact)
		} else {
			exactOK = false
		}
		if b := info.best(); reqOK && litScore(b) > 0 && len(req)+len(b) <= 2*maxLitSet {
			req = appendNew(req, b)
		} else {
			reqOK = false
		}
	}
	if !reqOK {
		req = nil
	}
	if !exactOK {
		exact = nil
	}
	return litInfo{exact: exact, exactOK: exactOK, req: req}
}

// product returns every concatenation of a string of a with one of b,
// or false when there would be too many or too long strings.
func product(a, b []string) ([]string, bool) {
	if len(a)*len(b) > maxLitSet {
		return nil, false
	}
	out := make([]string, 0, len(a)*len(b))
	for _, x := range a {
		for _, y := range b {
			if len(x)+len(y) > maxLitLen {
				return nil, false
			}
			out = append(out, x+y)
		}
	}
	return union(nil, out), true
}

// union returns the strings of a and b without duplicates.
func union(a, b []string) []string {
	return appendNew(slices.Clone(a), b)
}

// appendNew appends to dst the strings of b it does not hold.
func appendNew(dst, b []string) []string {
	for _, s := range b {
		if !slices.Contains(dst, s) {
			dst = append(dst, s)
		}
	}
	return dst
}

// truncate cuts s to at most n bytes, at a character boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
