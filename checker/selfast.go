package checker

import (
	"math/bits"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Faster :matches(). cascadia runs :matches(pattern) by joining the text
// of the element and running the pattern over it. Go's regexp has a fast
// path for a pattern that starts with a literal or at the start of the
// text, but none for a list of words anywhere in it: for
// `(?i)youtube|vimeo|twitter|…` it tries each alternative at each byte,
// some 150 µs for one paragraph of a page. Such a selector in an exclude
// list is asked of every paragraph of every article.
//
// So CompileSelector puts a textPattern in place of each :matches() and
// :matchesOwn() whose pattern has required literals (literals.go: a set
// of strings one of which every match contains): it first looks for those literals in the
// element's text with a literal automaton (litscan.go), without joining
// the text, and runs the pattern only when one is there. The answer is
// the pattern's: an element whose text holds none of the literals cannot
// match it (the automaton compares folded, so it may find a literal the
// pattern then does not match, never the other way).
//
// cascadia keeps its compiled selectors unexported; the rewrite walks
// them by reflection (compound, combined and relative selectors, the
// regexp pseudo-class) and leaves anything it does not know as it is.
// TestFastPatterns fails when it finds nothing to rewrite, so that a
// cascadia release that renames them is noticed.

// textPattern is a :matches() or :matchesOwn() selector that looks for
// the required literals of its pattern before running it.
type textPattern struct {
	cascadia.Sel // the pseudo-class as cascadia compiled it
	own          bool
	scan         *litScanner // the pattern's required literals, as set 0
	// oneByte, when not 0, is the one literal, an ASCII byte that only
	// itself folds to: the text is searched for it with IndexByte.
	oneByte byte
	re      *regexp.Regexp
}

// Match reports whether the element's text matches the pattern: the
// text of its text children for :matchesOwn(), of its descendants for
// :matches(), as cascadia reads it.
func (p *textPattern) Match(n *html.Node) bool {
	return p.may(n) && p.matchText(n)
}

// matchText runs the pattern over the text cascadia would join, without
// joining it where it is one text node (a paragraph of plain text) and
// else in a buffer used again: cascadia joins it in a bytes.Buffer and
// copies that to a string, for every element asked (14 MB of garbage
// for the :matches() of the distinct rules on a 100 MB article).
func (p *textPattern) matchText(n *html.Node) bool {
	switch {
	case p.own: // the text children of any node, as nodeOwnText
	case n.Type == html.TextNode:
		return p.re.MatchString(n.Data)
	case n.Type != html.ElementNode:
		return p.re.MatchString("")
	}
	var first *html.Node // the first text node, while it is the only one
	many := false
	p.eachText(n, func(c *html.Node) bool {
		if first != nil {
			many = true
			return false
		}
		first = c
		return true
	})
	switch {
	case first == nil:
		return p.re.MatchString("")
	case !many:
		return p.re.MatchString(first.Data)
	}
	bp := textBufs.Get().(*[]byte)
	buf := (*bp)[:0]
	p.eachText(n, func(c *html.Node) bool {
		buf = append(buf, c.Data...)
		return true
	})
	m := p.re.Match(buf)
	if cap(buf) <= 1<<16 {
		*bp = buf
		textBufs.Put(bp)
	}
	return m
}

// textBufs are the buffers matchText joins text in.
var textBufs = sync.Pool{New: func() any { return new([]byte) }}

// eachText calls f on each text node the pattern reads, in document
// order, until f returns false: the text children of n for
// :matchesOwn(), else its text descendants through elements (as
// cascadia's writeNodeText: comments and what they hold are skipped).
func (p *textPattern) eachText(n *html.Node, f func(*html.Node) bool) {
	for c := n.FirstChild; c != nil; {
		switch c.Type {
		case html.TextNode:
			if !f(c) {
				return
			}
		case html.ElementNode:
			if c.FirstChild != nil && !p.own {
				c = c.FirstChild
				continue
			}
		}
		for c.NextSibling == nil {
			if c = c.Parent; c == n || c == nil {
				return
			}
		}
		c = c.NextSibling
	}
}

// may reports whether the text the pattern runs on holds one of its
// required literals, scanning the text nodes in order as one text.
func (p *textPattern) may(n *html.Node) bool {
	if p.scan == nil {
		return true
	}
	if p.oneByte != 0 {
		return p.hasByte(n)
	}
	var mask [1]uint64
	var row int32
	var ok bool
	if p.own {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.TextNode {
				if row, ok = p.scan.feed(row, c.Data, mask[:]); mask[0] != 0 || !ok {
					return true
				}
			}
		}
		return false
	}
	for c := n.FirstChild; c != nil; {
		switch c.Type {
		case html.TextNode:
			if row, ok = p.scan.feed(row, c.Data, mask[:]); mask[0] != 0 || !ok {
				return true
			}
		case html.ElementNode:
			if c.FirstChild != nil {
				c = c.FirstChild
				continue
			}
		}
		for c.NextSibling == nil {
			if c = c.Parent; c == n || c == nil {
				return false
			}
		}
		c = c.NextSibling
	}
	return false
}

// hasByte reports whether the text the pattern runs on holds oneByte.
func (p *textPattern) hasByte(n *html.Node) bool {
	found := false
	p.eachText(n, func(c *html.Node) bool {
		found = strings.IndexByte(c.Data, p.oneByte) >= 0
		return !found
	})
	return found
}

// newTextPattern returns the textPattern of sel, the pseudo-class of re;
// its scan is nil when re has no required literals. Patterns anchored at the
// start fail fast, but only once cascadia has joined the text (an
// allocation and a copy for every element asked) and the regexp has
// cleared its state for it: the scan costs less.
func newTextPattern(sel cascadia.Sel, re *regexp.Regexp, own bool) *textPattern {
	p := &textPattern{Sel: sel, own: own, re: re}
	p.scan, p.oneByte = textScans.get(re.String(), func() textScan {
		lits := requiredLiterals(re)
		if lits == nil {
			return textScan{}
		}
		scan := newLitScanner([][]string{lits})
		if scan != nil && len(lits) == 1 && len(lits[0]) == 1 && foldsAlone(lits[0][0]) {
			return textScan{scan, lits[0][0]}
		}
		return textScan{scan: scan}
	}).get()
	return p
}

// textScan is the scan of a textPattern, which depends on its regexp's
// source only: the same :matches() recurs in a pack's selectors.
type textScan struct {
	scan    *litScanner
	oneByte byte
}

func (t textScan) get() (*litScanner, byte) { return t.scan, t.oneByte }

var textScans srcMemo[textScan]

// foldsAlone reports whether c is an ASCII character that no other
// character folds to (foldRune): not a letter, a quote or a dash.
func foldsAlone(c byte) bool {
	letter := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
	return c != 0 && c < utf8.RuneSelf && !letter && !strings.ContainsRune("'\"-`", rune(c))
}

// The types of cascadia's compiled selectors that fastPatterns reads.
var (
	selType    = reflect.TypeFor[cascadia.Sel]()
	selsType   = reflect.TypeFor[[]cascadia.Sel]()
	groupType  = reflect.TypeFor[cascadia.SelectorGroup]()
	reType     = reflect.TypeFor[*regexp.Regexp]()
	boolType   = reflect.TypeFor[bool]()
	stringType = reflect.TypeFor[string]()
	cascadiaP  = selType.PkgPath()
)

// fastPatterns puts a textPattern in place of each :matches() and
// :matchesOwn() of g, at any depth (compound selectors, combinators,
// :not(), :has(), :haschild()), and returns how many of them it looks up
// by literals. g must not be in use yet.
func fastPatterns(g cascadia.SelectorGroup) int {
	lit, _ := fastPatternsWith(g, nil)
	return lit
}

// fastPatternsWith is fastPatterns where the regexp of each
// :matches(\z.k) is real[k] (see parseGroup); it also returns how many
// times each placeholder was found.
func fastPatternsWith(g cascadia.SelectorGroup, real []*regexp.Regexp) (lit int, found []int) {
	f := &sels{real: real, found: make([]int, len(real))}
	for i := range g {
		_, l := f.fastSel(reflect.ValueOf(&g[i]).Elem())
		lit += l
	}
	return lit, f.found
}

// sels is the state of a rewrite of selectors by fastPatternsWith.
type sels struct {
	real  []*regexp.Regexp
	found []int
}

// fastSel rewrites the selector held by v, a settable cascadia.Sel, and
// returns how many patterns it replaced, and how many of them are looked
// up by literals.
func (f *sels) fastSel(v reflect.Value) (n, lit int) {
	if v.Type() != selType || v.IsNil() {
		return 0, 0
	}
	e := v.Elem()
	t := e.Type()
	if t.PkgPath() != cascadiaP || t.Kind() != reflect.Struct {
		return 0, 0
	}
	c := reflect.New(t).Elem() // a copy whose fields can be read and set
	c.Set(e)
	add := func(v reflect.Value) {
		k, l := f.fastSel(v)
		n += k
		lit += l
	}
	switch t.Name() {
	case "regexpPseudoClassSelector":
		re, okRe := field(c, "regexp", reType)
		own, okOwn := field(c, "own", boolType)
		if !okRe || !okOwn || re.IsNil() {
			return 0, 0
		}
		if k, ok := placeholderIndex(re.Interface().(*regexp.Regexp).String()); ok && k < len(f.real) {
			re.Set(reflect.ValueOf(f.real[k]))
			f.found[k]++
		}
		p := newTextPattern(c.Interface().(cascadia.Sel), re.Interface().(*regexp.Regexp), own.Bool())
		v.Set(reflect.ValueOf(p))
		if p.scan == nil {
			return 1, 0 // matched without joining the text, but not looked up by literals
		}
		return 1, 1
	case "compoundSelector":
		sels, ok := field(c, "selectors", selsType)
		if !ok {
			return 0, 0
		}
		for i := range sels.Len() {
			add(sels.Index(i))
		}
	case "combinedSelector":
		for _, name := range []string{"first", "second"} {
			if f, ok := field(c, name, selType); ok {
				add(f)
			}
		}
	case "relativePseudoClassSelector":
		group, ok := field(c, "match", groupType)
		if !ok {
			return 0, 0
		}
		for i := range group.Len() {
			add(group.Index(i))
		}
	}
	if n > 0 {
		v.Set(c)
	}
	return n, lit
}

// Shared :matches() regexps. cascadia compiles the regexp of every
// :matches() it parses, and a pack repeats the same one in many
// selectors (image-credits' "not a bare credit label" test ten times in
// one list): parsing [^\p{L}\p{N}] alone sorts some 700 ranges. So
// parseGroup hands cascadia the selector with each such regexp replaced
// by a placeholder that is cheap to compile, and puts in its place the
// regexp compiled once per process for that source.

// placeholderPrefix starts each placeholder regexp, \z.k for the k-th
// regexp of a selector: nothing follows the end of the text, so it
// matches nothing, and it has none of the characters that end a regexp
// for cascadia.
const placeholderPrefix = `\z.`

// placeholderIndex returns k of the placeholder src, if it is one.
func placeholderIndex(src string) (int, bool) {
	digits, ok := strings.CutPrefix(src, placeholderPrefix)
	if !ok || digits == "" || len(digits) > 6 || digits[0] == '0' && len(digits) > 1 {
		return 0, false
	}
	k := 0
	for _, c := range []byte(digits) {
		if c < '0' || c > '9' {
			return 0, false
		}
		k = 10*k + int(c-'0')
	}
	return k, true
}

// matchRegexp is a :matches() regexp compiled once per process, or
// the error compiling it gave.
type matchRegexp struct {
	re  *regexp.Regexp
	err error
}

var matchRegexps srcMemo[matchRegexp]

// parseGroup is cascadia.ParseGroup(s), with each :matches() and
// :matchesOwn() regexp compiled once per process and shared; the
// textPatterns are put in as by fastPatterns. It returns what
// cascadia.ParseGroup(s) and fastPatterns give whenever it cannot show
// that the result is the same:
//
// cascadia's parser reads a selector from left to right; at
// ":matches(" followed by anything but white space or "/" (which it
// would skip), it reads the regexp up to the first ")" or "]" that
// closes no "(" or "[" of it (parseRegex, copied in regexpEnd), compiles
// it and goes on after it. The selector given to cascadia differs from s
// only in those regexps, each replaced by \z.k, which ends where the
// regexp did. When cascadia's result holds each placeholder exactly
// once as the regexp of a :matches() (none is in s), each was read as a
// regexp where it was put, after the same text as in s: cascadia read s
// the same way up to there, and read the same text after it. Selectors
// whose regexps do not compile, and any other difference, fall back.
func parseGroup(s string) (cascadia.SelectorGroup, error) {
	if strings.Contains(s, placeholderPrefix) {
		return parsePlain(s)
	}
	var b strings.Builder
	var real []*regexp.Regexp
	last := 0
	for i := 0; ; {
		j := strings.Index(s[i:], ":matches")
		if j < 0 {
			break
		}
		i += j + len(":matches")
		if strings.HasPrefix(s[i:], "own") {
			i += len("own")
		}
		if i >= len(s) || s[i] != '(' {
			continue
		}
		start := i + 1
		if start >= len(s) || strings.IndexByte(" \t\r\n\f/", s[start]) >= 0 {
			continue
		}
		end := regexpEnd(s, start)
		if end < 0 || end == start {
			continue
		}
		m := matchRegexps.get(s[start:end], func() matchRegexp {
			re, err := regexp.Compile(s[start:end])
			return matchRegexp{re, err}
		})
		if m.err != nil {
			return parsePlain(s)
		}
		b.WriteString(s[last:start])
		b.WriteString(placeholderPrefix)
		b.WriteString(strconv.Itoa(len(real)))
		real = append(real, m.re)
		last, i = end, end
	}
	if real == nil {
		return parsePlain(s)
	}
	b.WriteString(s[last:])
	g, err := cascadia.ParseGroup(b.String())
	if err != nil {
		return parsePlain(s)
	}
	_, found := fastPatternsWith(g, real)
	for _, n := range found {
		if n != 1 {
			return parsePlain(s)
		}
	}
	return g, nil
}

// parsePlain is cascadia.ParseGroup(s) followed by fastPatterns.
func parsePlain(s string) (cascadia.SelectorGroup, error) {
	g, err := cascadia.ParseGroup(s)
	if err != nil {
		return nil, err
	}
	fastPatterns(g)
	return g, nil
}

// regexpEnd returns where the regexp that starts at s[i] ends for
// cascadia (its parser's parseRegex): at the first ")" or "]" that
// closes no "(" or "[" after s[i]; -1 at the end of s.
func regexpEnd(s string, i int) int {
	open := 0
	for ; i < len(s); i++ {
		switch s[i] {
		case '(', '[':
			open++
		case ')', ']':
			open--
			if open < 0 {
				return i
			}
		}
	}
	return -1
}

// field returns the field name of the struct c (addressable) as a
// settable value, if it is there with type t.
func field(c reflect.Value, name string, t reflect.Type) (reflect.Value, bool) {
	f := c.FieldByName(name)
	if !f.IsValid() || f.Type() != t {
		return reflect.Value{}, false
	}
	return reflect.NewAt(t, unsafe.Pointer(f.UnsafeAddr())).Elem(), true
}

// Class lists. Exclude lists name dozens of class substrings
// ([class*=comment], [class*=teaser], … [class*=faq]), and cascadia tries
// each in turn on every element asked: it walks the attributes, compares
// names and searches the value once per alternative. A Selector whose
// alternatives start with such a test (attrSubstrings) reads each
// attribute once: one literal automaton over the value says which
// substrings can be there, each is confirmed with strings.Contains, and
// only the alternatives whose substring is there are tried whole.

// attrSubstrings is the alternatives of a selector list whose compound
// selector has a case-sensitive [name*=value] test, by attribute name.
type attrSubstrings struct {
	names []string
	scans []*litScanner // by name: set i is the value of alts[i]
	alts  [][]attrAlt   // by name
}

// attrAlt is one alternative of attrSubstrings.
type attrAlt struct {
	value string
	whole bool         // the alternative is the test alone
	sel   cascadia.Sel // else the alternative, tried when value is there
}

// match reports whether one of the alternatives matches n.
func (a *attrSubstrings) match(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	var buf [4]uint64
	for _, at := range n.Attr {
		k := -1
		for i, name := range a.names {
			if at.Key == name {
				k = i
				break
			}
		}
		if k < 0 || strings.TrimSpace(at.Val) == "" {
			continue
		}
		scan := a.scans[k]
		mask := buf[:scan.stride]
		clear(mask)
		if _, ok := scan.feed(0, at.Val, mask); !ok {
			// Not UTF-8: the scan may have missed a substring; try them all.
			for w := range mask {
				mask[w] = ^uint64(0)
			}
		}
		for w, set := range mask {
			for b := set; b != 0; b &= b - 1 {
				i := w*64 + bits.TrailingZeros64(b)
				if i >= len(a.alts[k]) {
					break
				}
				alt := a.alts[k][i]
				if strings.Contains(at.Val, alt.value) && (alt.whole || alt.sel.Match(n)) {
					return true
				}
			}
		}
	}
	return false
}

// maxAttrAlts bounds the alternatives of one attribute name
// (attrSubstrings.match keeps a mask of them on the stack).
const maxAttrAlts = 4 * 64

// splitAttrSubstrings takes out of g the alternatives that attrSubstrings
// can try, and returns them and the others (in order), or nil and g when
// fewer than four can be.
func splitAttrSubstrings(g cascadia.SelectorGroup) (*attrSubstrings, cascadia.SelectorGroup) {
	a := &attrSubstrings{}
	var rest cascadia.SelectorGroup
	n := 0
	for _, alt := range g {
		name, value, whole, ok := substringTest(alt)
		k := slices.Index(a.names, name)
		if ok && k < 0 {
			a.names = append(a.names, name)
			a.alts = append(a.alts, nil)
			k = len(a.names) - 1
		}
		if !ok || len(a.alts[k]) == maxAttrAlts {
			rest = append(rest, alt)
			continue
		}
		a.alts[k] = append(a.alts[k], attrAlt{value: value, whole: whole, sel: alt})
		n++
	}
	if n < 4 {
		return nil, g
	}
	for _, alts := range a.alts {
		sets := make([][]string, len(alts))
		for i, alt := range alts {
			sets[i] = []string{alt.value}
		}
		scan := newLitScanner(sets)
		if scan == nil {
			return nil, g
		}
		a.scans = append(a.scans, scan)
	}
	return a, rest
}

// substringTest returns a case-sensitive [name*=value] test that alt
// needs: alt is the test alone, a compound selector with it (its first
// such test), or combined selectors whose subject is one of those; and
// whether the test is all of alt.
func substringTest(alt cascadia.Sel) (name, value string, whole, ok bool) {
	e := reflect.ValueOf(alt)
	t := e.Type()
	if t.PkgPath() != cascadiaP || t.Kind() != reflect.Struct {
		return "", "", false, false
	}
	c := reflect.New(t).Elem()
	c.Set(e)
	switch t.Name() {
	case "attrSelector":
		name, value, ok = attrSubstring(c)
		return name, value, ok, ok
	case "combinedSelector":
		// The element must match the last compound (the subject): "a b",
		// "a > b", "a + b" and "a ~ b" all ask b of it first.
		second, okSecond := field(c, "second", selType)
		if !okSecond || second.IsNil() {
			return "", "", false, false
		}
		name, value, _, ok = substringTest(second.Interface().(cascadia.Sel))
		return name, value, false, ok
	case "compoundSelector":
		sels, okSels := field(c, "selectors", selsType)
		if !okSels {
			return "", "", false, false
		}
		for i := range sels.Len() {
			s := sels.Index(i)
			if s.IsNil() || s.Elem().Type().PkgPath() != cascadiaP || s.Elem().Type().Name() != "attrSelector" {
				continue
			}
			a := reflect.New(s.Elem().Type()).Elem()
			a.Set(s.Elem())
			if name, value, ok = attrSubstring(a); ok {
				return name, value, sels.Len() == 1, true
			}
		}
	}
	return "", "", false, false
}

// attrSubstring returns the attribute name and value of a, an
// addressable cascadia attrSelector, if it is a case-sensitive
// [name*=value] test.
func attrSubstring(a reflect.Value) (name, value string, ok bool) {
	key, ok1 := field(a, "key", stringType)
	val, ok2 := field(a, "val", stringType)
	op, ok3 := field(a, "operation", stringType)
	fold, ok4 := field(a, "insensitive", boolType)
	if !ok1 || !ok2 || !ok3 || !ok4 || op.String() != "*=" || fold.Bool() || val.String() == "" {
		return "", "", false
	}
	return key.String(), val.String(), true
}

// Tags. A list such as wire-credits' link[rel=canonical][href*="apnews.com"],
// link[rel=canonical][href*="reuters.com"], … or image-credits'
// img[alt*=creenshot], img[src*=screengrab i], … is asked of every element
// of the page; the alternatives whose subject is of one tag are only
// tried on elements of that tag.

// tagIndex is the alternatives of a selector list by the tag their
// subject needs, and those that need none, in order.
type tagIndex struct {
	byTag map[string]cascadia.SelectorGroup
	any   cascadia.SelectorGroup
}

// match reports whether one of the alternatives matches n.
func (x *tagIndex) match(n *html.Node) bool {
	if x.any.Match(n) {
		return true
	}
	if n.Type != html.ElementNode {
		return false
	}
	return x.byTag[n.Data].Match(n)
}

// indexTags returns the tag index of g, or nil when fewer than four of
// its alternatives need a tag.
func indexTags(g cascadia.SelectorGroup) *tagIndex {
	x := &tagIndex{byTag: map[string]cascadia.SelectorGroup{}}
	n := 0
	for _, alt := range g {
		tag := subjectTag(alt)
		if tag == "" {
			x.any = append(x.any, alt)
			continue
		}
		x.byTag[tag] = append(x.byTag[tag], alt)
		n++
	}
	if n < 4 {
		return nil
	}
	return x
}

// subjectTag returns the tag name that an element must have to match
// alt (its subject's type selector), or "" when alt does not say.
func subjectTag(alt cascadia.Sel) string {
	e := reflect.ValueOf(alt)
	t := e.Type()
	if t.PkgPath() != cascadiaP || t.Kind() != reflect.Struct {
		return ""
	}
	c := reflect.New(t).Elem()
	c.Set(e)
	switch t.Name() {
	case "tagSelector":
		if tag, ok := field(c, "tag", stringType); ok {
			return tag.String()
		}
	case "compoundSelector":
		sels, ok := field(c, "selectors", selsType)
		if !ok {
			return ""
		}
		for i := range sels.Len() {
			if s := sels.Index(i); !s.IsNil() && s.Elem().Type().PkgPath() == cascadiaP && s.Elem().Type().Name() == "tagSelector" {
				return subjectTag(s.Interface().(cascadia.Sel))
			}
		}
	case "combinedSelector":
		if second, ok := field(c, "second", selType); ok && !second.IsNil() {
			return subjectTag(second.Interface().(cascadia.Sel))
		}
	}
	return ""
}

// Gates. An alternative of a short list (`article [class*=byline]:not(…)…:matches(…)`,
// asked of every element of a page by a has condition) is tried through
// cascadia's chain of compiled selectors, each element costing several
// calls and copies before its class is read. What the subject must have
// that is cheap to read — its tag, a case-sensitive substring of an
// attribute — is read first, here.

// gatedAlt is an alternative of a selector list and what its subject
// must have to match it.
type gatedAlt struct {
	sel       cascadia.Sel
	tag       string // the subject's tag; "" for any
	attr, sub string // an attribute attr whose value contains sub; "" for none
}

// match reports whether n matches the alternative.
func (g *gatedAlt) match(n *html.Node) bool {
	if g.tag != "" && n.Data != g.tag {
		return false
	}
	if g.attr != "" {
		found := false
		for i := range n.Attr {
			if a := &n.Attr[i]; a.Key == g.attr && strings.Contains(a.Val, g.sub) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return g.sel.Match(n)
}

// gateAlts returns the alternatives of g with what their subjects must
// have, or nil when none of them says.
func gateAlts(g cascadia.SelectorGroup) []gatedAlt {
	out := make([]gatedAlt, len(g))
	gated := false
	for i, alt := range g {
		out[i] = gatedAlt{sel: alt, tag: subjectTag(alt)}
		if name, value, _, ok := substringTest(alt); ok {
			out[i].attr, out[i].sub = name, value
		}
		gated = gated || out[i].tag != "" || out[i].attr != ""
	}
	if !gated {
		return nil
	}
	return out
}

// candidates returns the tags one of which an element must have to
// match an alternative of g, or nil when an alternative does not name
// a known one, and the tag of an element every alternative's subject
// must be inside (`article [class*=byline]`, `footer p`), or 0.
func candidates(g cascadia.SelectorGroup) (need []atom.Atom, within atom.Atom) {
	for i, alt := range g {
		if need != nil || i == 0 {
			a := atom.Lookup([]byte(subjectTag(alt)))
			if a == 0 {
				need = nil
			} else if !slices.Contains(need, a) {
				need = append(need, a)
			}
		}
		w := ancestorTag(alt)
		if i == 0 {
			within = w
		} else if w != within {
			within = 0
		}
	}
	return need, within
}

// ancestorTag returns the known tag of an element that whatever alt
// matches is inside (the leftmost compound of descendant and child
// combinators that names one), or 0.
func ancestorTag(alt cascadia.Sel) atom.Atom {
	e := reflect.ValueOf(alt)
	t := e.Type()
	if t.PkgPath() != cascadiaP || t.Kind() != reflect.Struct || t.Name() != "combinedSelector" {
		return 0
	}
	c := reflect.New(t).Elem()
	c.Set(e)
	first, ok1 := field(c, "first", selType)
	comb, ok2 := field(c, "combinator", reflect.TypeFor[byte]())
	if !ok1 || !ok2 || first.IsNil() || comb.Uint() != ' ' && comb.Uint() != '>' {
		return 0
	}
	f := first.Interface().(cascadia.Sel)
	if a := atom.Lookup([]byte(subjectTag(f))); a != 0 {
		return a
	}
	return ancestorTag(f)
}
