package checker

import (
	"slices"
	"sort"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// node returns the node with the given id.
func (d *Document) node(id int32) *html.Node {
	return &d.chunks[id/chunkSize].data.nodes[id%chunkSize]
}

// Query returns the elements inside n (not n itself) that m matches, in
// document order, leaving out hidden elements (see Hidden). It walks the
// document's flat node list, not the tree, so it never recurses, however
// deep the markup.
func (d *Document) Query(n *html.Node, m cascadia.Matcher) []*html.Node {
	var out []*html.Node
	if s, ok := m.(*Selector); ok && n == d.Root {
		d.eachCandidate(s, func(_ int32, e *html.Node) bool {
			if s.Match(e) {
				out = append(out, e)
			}
			return true
		})
		return out
	}
	d.eachVisible(n, func(e *html.Node) bool {
		if m.Match(e) {
			out = append(out, e)
		}
		return true
	})
	return out
}

// QueryFirst returns the first element inside n that m matches and that
// is not hidden, or nil.
func (d *Document) QueryFirst(n *html.Node, m cascadia.Matcher) *html.Node {
	var found *html.Node
	if s, ok := m.(*Selector); ok && n == d.Root {
		d.eachCandidate(s, func(_ int32, e *html.Node) bool {
			if s.Match(e) {
				found = e
				return false
			}
			return true
		})
		return found
	}
	d.eachVisible(n, func(e *html.Node) bool {
		if m.Match(e) {
			found = e
			return false
		}
		return true
	})
	return found
}

// each calls f for every element inside n in document order until f
// returns false. Nodes are numbered in tree order, so the nodes inside n
// are those after it up to the next node outside it (see treeorder.go).
func (d *Document) each(n *html.Node, f func(*html.Node) bool) {
	id := d.id(n)
	if id < 0 {
		return
	}
	end := d.subtreeEnd(id)
	for k := id + 1; k < end; k++ {
		if e := d.node(k); e.Type == html.ElementNode && !f(e) {
			return
		}
	}
}

// eachVisible is each for the elements that are not hidden.
func (d *Document) eachVisible(n *html.Node, f func(*html.Node) bool) {
	if n == d.Root {
		ids, _ := d.visibleElements()
		for _, k := range ids {
			if !f(d.node(k)) {
				return
			}
		}
		return
	}
	if d.hidden == nil {
		d.each(n, f)
		return
	}
	id := d.id(n)
	if id < 0 {
		return
	}
	end := d.info(id).end
	whole := id == 0
	for k := id + 1; int(k) < int(d.nodes); k++ {
		if !whole && d.info(k).start >= end {
			return
		}
		if e := d.node(k); e.Type == html.ElementNode && !d.hiddenID(k) && !f(e) {
			return
		}
	}
}

// visibleElements returns the ids of the elements of the document that
// are not hidden, in id order, and their tags: what a query of the whole
// page walks, listed on first use so that the walks of a check (a has
// condition, the matches of a selector, the content's alternatives) skip
// the text nodes and hidden elements without reading them, and the
// elements a selector cannot match by their tags alone (eachCandidate).
func (d *Document) visibleElements() ([]int32, []atom.Atom) {
	if d.elems != nil {
		return d.elems, d.tags
	}
	ids := make([]int32, 0, d.nodes/2)
	tags := make([]atom.Atom, 0, d.nodes/2)
	for k := int32(1); k < d.nodes; k++ {
		if n := d.node(k); n.Type == html.ElementNode && !d.hiddenID(k) {
			ids = append(ids, k)
			tags = append(tags, n.DataAtom)
		}
	}
	d.elems, d.tags = slices.Clip(ids), slices.Clip(tags)
	return d.elems, d.tags
}

// eachCandidate calls f for the visible elements of the page that s may
// match, in document order, until f returns false: those whose tag is
// one its alternatives' subjects need (Selector.need), inside an element
// they need as an ancestor (Selector.within). Ids are in tree order, so
// the elements inside one are those up to its subtreeEnd; the elements
// inside a hidden one are hidden too.
func (d *Document) eachCandidate(s *Selector, f func(int32, *html.Node) bool) {
	ids, tags := d.visibleElements()
	try := func(i int) bool {
		if s.need != nil && !slices.Contains(s.need, tags[i]) {
			return true
		}
		return f(ids[i], d.node(ids[i]))
	}
	for i := 0; i < len(ids); i++ {
		if s.within == 0 {
			if !try(i) {
				return
			}
			continue
		}
		if tags[i] != s.within {
			continue
		}
		end := d.subtreeEnd(ids[i])
		j := i + 1
		for ; j < len(ids) && ids[j] < end; j++ {
			if !try(j) {
				return
			}
		}
		i = j - 1
	}
}

// Selector is a compiled CSS selector list whose alternatives can also be
// tried one by one (see Scopes).
type Selector struct {
	Source string
	Group  cascadia.SelectorGroup

	// attrs tries the alternatives of Group that test a class (or other
	// attribute) substring together, rest the others (selfast.go); nil
	// when Match tries Group's in turn.
	attrs *attrSubstrings
	rest  cascadia.SelectorGroup
	tags  *tagIndex  // rest by the tag of their subject; nil: rest in turn
	gated []gatedAlt // rest with what their subjects must have, when tags is nil; nil: rest in turn

	// need, when not nil, are the tags one of which an element must have
	// to match (every alternative's subject names a known one); within,
	// when not 0, is the tag of an element the elements that match are
	// all inside (every alternative says so). See eachCandidate.
	need   []atom.Atom
	within atom.Atom

	key int // 1 + index among its engine's selectors; 0: not an engine's
}

// CompileSelector parses a CSS selector list.
func CompileSelector(s string) (*Selector, error) {
	g, err := parseGroup(s)
	if err != nil {
		return nil, err
	}
	if len(g) == 0 {
		return nil, errEmptySelector
	}
	sel := &Selector{Source: s, Group: g}
	sel.attrs, sel.rest = splitAttrSubstrings(g)
	if sel.attrs == nil {
		sel.rest = g
	}
	sel.tags = indexTags(sel.rest)
	if sel.tags == nil {
		sel.gated = gateAlts(sel.rest)
	}
	sel.need, sel.within = candidates(g)
	return sel, nil
}

type selectorError string

func (e selectorError) Error() string { return string(e) }

const errEmptySelector = selectorError("empty selector")

// Match reports whether the element matches any alternative.
func (s *Selector) Match(n *html.Node) bool {
	if s.attrs != nil && s.attrs.match(n) {
		return true
	}
	if s.tags != nil {
		return s.tags.match(n)
	}
	if s.gated != nil {
		for i := range s.gated {
			if s.gated[i].match(n) {
				return true
			}
		}
		return false
	}
	return s.rest.Match(n)
}

// Scopes returns the scope elements the selector picks in d: the
// alternatives of the list are tried in order, and the first that
// matches anything wins; of its matches, those nested inside another
// match are dropped. A page without <html> or <body> tags (a fragment)
// has them implied, as in a browser: "body" and "html" then pick the
// whole document.
func (s *Selector) Scopes(d *Document) []*html.Node {
	if out := s.scopes(d); out != nil {
		return out
	}
	for _, alt := range s.Group {
		switch alt.String() {
		case "body", "html", ":root":
			return []*html.Node{d.Root}
		}
	}
	return nil
}

func (s *Selector) scopes(d *Document) []*html.Node {
	for _, alt := range s.Group {
		found := d.Query(d.Root, alt)
		if len(found) == 0 {
			continue
		}
		out := found[:0:0]
		var last Span
		for _, n := range found {
			sp := d.Span(n)
			if len(out) > 0 && last.Contains(sp) {
				continue
			}
			out = append(out, n)
			last = sp
		}
		return out
	}
	return nil
}

// matches returns the ids of every element of the document that s
// matches and that is not hidden, in document order: each selector of the engine is matched
// against each element at most once per check, however many rules and
// scopes use it.
func (r *run) matches(s *Selector) []int32 {
	if len(r.matched) < s.key+1 {
		r.matched = append(r.matched, make([][]int32, s.key+1-len(r.matched))...)
	}
	if ids := r.matched[s.key]; ids != nil {
		return ids
	}
	d := r.doc
	ids := []int32{}
	d.eachCandidate(s, func(k int32, e *html.Node) bool {
		if s.Match(e) {
			ids = append(ids, k)
		}
		return true
	})
	r.matched[s.key] = ids
	return ids
}

// inside returns the part of ids (sorted) that lies inside n.
func (d *Document) inside(n *html.Node, ids []int32) []int32 {
	if n == d.Root {
		return ids
	}
	id := d.id(n)
	if id < 0 {
		return nil
	}
	end := d.subtreeEnd(id)
	i := sort.Search(len(ids), func(i int) bool { return ids[i] > id })
	j := i + sort.Search(len(ids)-i, func(k int) bool { return ids[i+k] >= end })
	return ids[i:j]
}

// direct reports whether a query of s inside n had better match the
// elements of n than all elements of the document: when s has not been
// matched in this check yet and n is small, like one paragraph.
func (r *run) direct(n *html.Node, s *Selector) bool {
	if s.key == 0 {
		return true
	}
	if s.key < len(r.matched) && r.matched[s.key] != nil || n == r.doc.Root {
		return false
	}
	d := r.doc
	id := d.id(n)
	if id < 0 {
		return true
	}
	// Nodes are numbered in tree order: those inside n come next.
	size := int(d.subtreeEnd(id) - id - 1)
	return size <= max(64, int(d.nodes)/16)
}

// queryScope is query for the each elements of a rule in one of its
// scopes: unless the selector's matches on the page are known already,
// only the scope is walked — an each selector is rarely shared, and the
// article is a part of the page.
func (r *run) queryScope(n *html.Node, s *Selector) []*html.Node {
	if s.key == 0 || n == r.doc.Root || s.key < len(r.matched) && r.matched[s.key] != nil {
		return r.query(n, s)
	}
	k := scopedKey{s, n}
	if found, ok := r.scoped[k]; ok {
		return found
	}
	if r.scoped == nil {
		r.scoped = make(map[scopedKey][]*html.Node)
	}
	found := r.doc.Query(n, s)
	r.scoped[k] = found
	return found
}

// scopedKey identifies the result of a query in one scope.
type scopedKey struct {
	sel   *Selector
	scope *html.Node
}

// query is Document.Query for a selector of the engine, from the
// check's matches.
func (r *run) query(n *html.Node, s *Selector) []*html.Node {
	if r.direct(n, s) {
		return r.doc.Query(n, s)
	}
	ids := r.doc.inside(n, r.matches(s))
	out := make([]*html.Node, len(ids))
	for i, id := range ids {
		out[i] = r.doc.node(id)
	}
	return out
}

// queryFirst is Document.QueryFirst for a selector of the engine. Unless
// the selector's matches on the page are known already, n is walked up
// to the first match, and the answer remembered for n: a has condition
// asks whether the page (or a scope) has one, and most selectors it asks
// about are asked nowhere else, so matching every element of the page
// would be wasted where a match comes early.
func (r *run) queryFirst(n *html.Node, s *Selector) *html.Node {
	if r.direct(n, s) {
		return r.doc.QueryFirst(n, s)
	}
	if s.key < len(r.matched) && r.matched[s.key] != nil {
		if ids := r.doc.inside(n, r.matched[s.key]); len(ids) > 0 {
			return r.doc.node(ids[0])
		}
		return nil
	}
	k := scopedKey{s, n}
	if found, ok := r.firsts[k]; ok {
		return found
	}
	if r.firsts == nil {
		r.firsts = make(map[scopedKey]*html.Node)
	}
	found := r.doc.QueryFirst(n, s)
	r.firsts[k] = found
	return found
}
