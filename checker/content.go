package checker

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Finding the article body. Rules without a scope look at the config's
// content selector list, but on real sites its first match is often
// missing, or is a teaser in a sidebar. So the content is chosen this way:
//
//  1. The page's paragraph text is measured: the text of its <p> blocks
//     of at least minParagraph characters, and of other blocks of at least
//     minTextBlock characters, less the text of links in them (teasers and
//     navigation are mostly links).
//  2. A page with less than minPageText characters of paragraph text (a
//     fragment, an example, a gallery) keeps the plain rule: every
//     outermost match of the first alternative that matches anything,
//     else <body>, else the whole document.
//  3. Otherwise the alternatives are tried in order; the first whose
//     best match (the one holding the most paragraph text) holds at least
//     minShare of the page's paragraph text is the content.
//  4. When none does, the content is chosen by score, as readability-style
//     extractors do: each paragraph adds its weight to its parent element
//     and half of it to its grandparent, a fifth of it only when it sits in
//     an element whose class or id says it is not the article (sidebar,
//     widget, comments, footer, related, …); the best-scored element is
//     taken, widened to its ancestors while it holds less than minShare of
//     the paragraph text.
const (
	minParagraph = 25   // characters of a <p> block that count as paragraph text
	minTextBlock = 100  // characters of another block that count
	minPageText  = 500  // paragraph text below which the plain rule applies
	minShare     = 0.30 // share of the paragraph text a content element holds
)

// ContentChoice is the article body the engine chose for a document.
type ContentChoice struct {
	Nodes []*html.Node // the content elements, usually one; the document root for a page without elements
	How   string       // why, e.g. `"article" holds 93% of the paragraph text`
}

// Content returns the article body of doc, as rules without a scope see
// it (see the comment at the top of content.go). The document remembers
// the last engine's choice: Check, --explain-scope and Reading ask for it
// in turn, and a document is read by one goroutine at a time.
func (e *Engine) Content(doc *Document) ContentChoice {
	if doc.contentOf != e {
		doc.content, doc.contentOf = chooseContent(doc, e.content, e.body), e
	}
	return doc.content
}

// paraWeights returns the paragraph weight of every block (0 for blocks
// that are not paragraph text) and their sum.
func paraWeights(d *Document) ([]int, int) {
	w := make([]int, len(d.Blocks))
	for i := range d.Blocks {
		b := &d.Blocks[i]
		if b.Node == nil || b.Node.Type != html.ElementNode {
			continue
		}
		least := minParagraph
		switch {
		case b.Node.DataAtom == atom.P:
		case isTextContainer(b.Node.DataAtom):
			least = minTextBlock
		default:
			continue
		}
		// Counted only for the blocks that can weigh (most blocks of a
		// page are not paragraphs).
		if n := utf8.RuneCountInString(b.Text); n >= least {
			w[i] = n
		}
	}
	// Link text does not count: a paragraph that is all link is a teaser.
	for id := range d.nodes {
		a := d.node(id)
		if a.DataAtom != atom.A || a.Type != html.ElementNode {
			continue
		}
		span := Span{int(d.info(id).start), int(d.info(id).end)}
		k := sort.Search(len(d.Blocks), func(k int) bool { return d.Blocks[k].Span.End > span.Start })
		for ; k < len(d.Blocks) && d.Blocks[k].Span.Start < span.End; k++ {
			if w[k] == 0 {
				continue
			}
			i, j := d.TextRange(&d.Blocks[k], span)
			w[k] = max(w[k]-utf8.RuneCountInString(d.Blocks[k].Text[i:j]), 0)
		}
	}
	total := 0
	for _, x := range w {
		total += x
	}
	return w, total
}

// isTextContainer reports whether an element that holds a long run of
// text directly (not in a <p>) is likely body text: old CMSes write
// paragraphs as text separated by <br> in a <div> or <td>.
func isTextContainer(a atom.Atom) bool {
	switch a {
	case atom.Div, atom.Td, atom.Section, atom.Article, atom.Main, atom.Blockquote, atom.Font, atom.Center, atom.Body:
		return true
	}
	return false
}

// weightIn returns the paragraph weight of the blocks that start inside n.
func weightIn(d *Document, w []int, prefix []int, n *html.Node) int {
	span := d.Span(n)
	if n == d.Root {
		return prefix[len(prefix)-1]
	}
	lo := sort.Search(len(d.Blocks), func(k int) bool { return d.Blocks[k].Span.Start >= span.Start })
	hi := sort.Search(len(d.Blocks), func(k int) bool { return d.Blocks[k].Span.Start >= span.End })
	return prefix[hi] - prefix[lo]
}

// asideHint matches class and id words of page parts that are not the
// article, as readability's "unlikely candidates" do.
var asideHint = regexp.MustCompile(`(?i)sidebar|widget|comment|footer|related|teaser|promo|\bnav|menu|share|social|newsletter|cookie|banner|advert|\bads?\b|popup|modal|breadcrumb|recommend|more-?stories|most-?(read|popular)`)

// asideLits are the literals of asideHint (see requiredLiterals), folded:
// a value holding none of them cannot match it.
var asideLits = foldLiterals(requiredLiterals(asideHint))

// foldLiterals folds each string with foldRune.
func foldLiterals(lits []string) []string {
	out := make([]string, len(lits))
	for i, l := range lits {
		out[i] = strings.Map(foldRune, l)
	}
	return out
}

// mayHint reports whether val can match asideHint: false when it is
// short ASCII text holding none of asideLits (found without a regexp).
func mayHint(val string) bool {
	var buf [64]byte
	if len(val) > len(buf) || asideLits == nil {
		return true
	}
	for i := 0; i < len(val); i++ {
		c := val[i]
		if c >= utf8.RuneSelf {
			return true
		}
		switch { // foldRune of an ASCII character
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		case c == '`':
			c = '\''
		}
		buf[i] = c
	}
	low := buf[:len(val)]
	for _, l := range asideLits {
		if bytes.Contains(low, []byte(l)) {
			return true
		}
	}
	return false
}

// asideFunc returns a function that reports whether an element is inside
// (or is) an element whose class or id matches asideHint, memoised so
// that every element is looked at once.
func asideFunc(d *Document) func(*html.Node) bool {
	m := newMemo(d)
	hint := map[string]bool{} // asideHint by class or id value: pages repeat them
	hinted := func(val string) bool {
		v, ok := hint[val]
		if !ok {
			v = mayHint(val) && asideHint.MatchString(val)
			hint[val] = v
		}
		return v
	}
	hintedElement := func(m *html.Node) bool {
		for _, a := range m.Attr {
			if (a.Key == "class" || a.Key == "id") && hinted(a.Val) {
				return true
			}
		}
		return false
	}
	return func(n *html.Node) bool { return m.insideMatch(n, hintedElement) }
}

// chooseContent implements Engine.Content.
func chooseContent(d *Document, content, body *Selector) ContentChoice {
	plain := func(how string) ContentChoice {
		if nodes := content.Scopes(d); len(nodes) > 0 {
			return ContentChoice{Nodes: nodes, How: fmt.Sprintf("first match of %q%s", content.Source, how)}
		}
		return ContentChoice{Nodes: body.Scopes(d), How: fmt.Sprintf("no match of %q: <body>%s", content.Source, how)}
	}
	w, total := paraWeights(d)
	if total < minPageText {
		return plain(fmt.Sprintf(" (the page has only %d characters of paragraph text)", total))
	}
	prefix := make([]int, len(w)+1)
	for i, x := range w {
		prefix[i+1] = prefix[i] + x
	}
	share := func(n *html.Node) float64 { return float64(weightIn(d, w, prefix, n)) / float64(total) }
	for k, alt := range content.Group {
		var best *html.Node
		bestW := -1
		for _, n := range d.Query(d.Root, alt) {
			if x := weightIn(d, w, prefix, n); x > bestW {
				best, bestW = n, x
			}
		}
		if best != nil && float64(bestW) >= minShare*float64(total) {
			return ContentChoice{Nodes: []*html.Node{best},
				How: fmt.Sprintf("%s (alternative %d of %q) holds %.0f%% of the paragraph text", alt.String(), k+1, content.Source, 100*share(best))}
		}
	}
	// Score the parents and grandparents of the paragraphs.
	aside := asideFunc(d)
	score := map[*html.Node]float64{}
	var order []*html.Node // first-scored order, for a deterministic tie-break
	add := func(n *html.Node, x float64) {
		if n == nil || n.Type != html.ElementNode {
			return
		}
		if _, ok := score[n]; !ok {
			order = append(order, n)
		}
		score[n] += x
	}
	for i, x := range w {
		if x == 0 {
			continue
		}
		n := d.Blocks[i].Node
		x := float64(x)
		if aside(n) {
			x /= 5
		}
		if n.DataAtom == atom.P {
			add(n.Parent, x)
			if n.Parent != nil {
				add(n.Parent.Parent, x/2)
			}
		} else {
			add(n, x)
		}
	}
	var best *html.Node
	for _, n := range order {
		if best == nil || score[n] > score[best] {
			best = n
		}
	}
	if best == nil {
		return plain(" (no paragraph to score)")
	}
	for share(best) < minShare && best.Parent != nil && best.Parent.Type == html.ElementNode {
		best = best.Parent
	}
	return ContentChoice{Nodes: []*html.Node{best},
		How: fmt.Sprintf("no alternative of %q holds %.0f%% of the paragraph text: the best-scored element, which holds %.0f%%", content.Source, 100*minShare, 100*share(best))}
}

// Describe says where the content is and why, for --explain-scope:
// "73:7: <div class="wsw" itemprop="articleBody">: … holds 93% …".
func (c ContentChoice) Describe(d *Document) string {
	if len(c.Nodes) == 0 {
		return "1:1: no content: " + c.How
	}
	n := c.Nodes[0]
	if n == d.Root {
		return "1:1: the whole document: " + c.How
	}
	tag := d.StartTag(n)
	pos := d.Position(tag.Start)
	more := ""
	if len(c.Nodes) > 1 {
		more = fmt.Sprintf(" and %d more", len(c.Nodes)-1)
	}
	return fmt.Sprintf("%d:%d: %s%s: %s", pos.Line, pos.Column, collapse(d.Src[tag.Start:tag.End], 100), more, c.How)
}
