package checker

import (
	"reflect"
	"regexp"
	"unsafe"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
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
}

// Match reports whether the element's text matches the pattern: the
// text of its text children for :matchesOwn(), of its descendants for
// :matches(), as cascadia reads it.
func (p *textPattern) Match(n *html.Node) bool {
	return p.may(n) && p.Sel.Match(n)
}

// may reports whether the text the pattern runs on holds one of its
// required literals, scanning the text nodes in order as one text.
func (p *textPattern) may(n *html.Node) bool {
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

// newTextPattern returns the textPattern of sel, the pseudo-class of re,
// or nil when re has no required literals. Patterns anchored at the
// start fail fast, but only once cascadia has joined the text (an
// allocation and a copy for every element asked) and the regexp has
// cleared its state for it: the scan costs less.
func newTextPattern(sel cascadia.Sel, re *regexp.Regexp, own bool) *textPattern {
	lits := requiredLiterals(re)
	if lits == nil {
		return nil
	}
	scan := newLitScanner([][]string{lits})
	if scan == nil {
		return nil
	}
	return &textPattern{Sel: sel, own: own, scan: scan}
}

// The types of cascadia's compiled selectors that fastPatterns reads.
var (
	selType   = reflect.TypeFor[cascadia.Sel]()
	selsType  = reflect.TypeFor[[]cascadia.Sel]()
	groupType = reflect.TypeFor[cascadia.SelectorGroup]()
	reType    = reflect.TypeFor[*regexp.Regexp]()
	boolType  = reflect.TypeFor[bool]()
	cascadiaP = selType.PkgPath()
)

// fastPatterns puts a textPattern in place of each :matches() and
// :matchesOwn() of g that it speeds up, at any depth (compound
// selectors, combinators, :not(), :has(), :haschild()), and returns how
// many it replaced. g must not be in use yet.
func fastPatterns(g cascadia.SelectorGroup) int {
	n := 0
	for i := range g {
		n += fastSel(reflect.ValueOf(&g[i]).Elem())
	}
	return n
}

// fastSel rewrites the selector held by v, a settable cascadia.Sel, and
// returns how many patterns it replaced.
func fastSel(v reflect.Value) int {
	if v.Type() != selType || v.IsNil() {
		return 0
	}
	e := v.Elem()
	t := e.Type()
	if t.PkgPath() != cascadiaP || t.Kind() != reflect.Struct {
		return 0
	}
	c := reflect.New(t).Elem() // a copy whose fields can be read and set
	c.Set(e)
	n := 0
	switch t.Name() {
	case "regexpPseudoClassSelector":
		re, okRe := field(c, "regexp", reType)
		own, okOwn := field(c, "own", boolType)
		if !okRe || !okOwn || re.IsNil() {
			return 0
		}
		p := newTextPattern(v.Interface().(cascadia.Sel), re.Interface().(*regexp.Regexp), own.Bool())
		if p == nil {
			return 0
		}
		v.Set(reflect.ValueOf(p))
		return 1
	case "compoundSelector":
		sels, ok := field(c, "selectors", selsType)
		if !ok {
			return 0
		}
		for i := range sels.Len() {
			n += fastSel(sels.Index(i))
		}
	case "combinedSelector":
		for _, name := range []string{"first", "second"} {
			if f, ok := field(c, name, selType); ok {
				n += fastSel(f)
			}
		}
	case "relativePseudoClassSelector":
		group, ok := field(c, "match", groupType)
		if !ok {
			return 0
		}
		for i := range group.Len() {
			n += fastSel(group.Index(i))
		}
	}
	if n > 0 {
		v.Set(c)
	}
	return n
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
