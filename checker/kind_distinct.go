package checker

import (
	"fmt"

	"github.com/copydesk/copydesk/rules"
	"golang.org/x/net/html"
)

var distinctKind = newKind(`Passes when no two blocks of the scope have the same text (compared after white space, quote,
dash and case normalisation). Blocks shorter than min_length characters are ignored, and with
selector, blocks held by elements it does not match. With earlier, only copies of blocks held by
elements it matches count (the deck repeated as a paragraph); such a block may also stand before
the scope (a deck above an article body chosen without it). Each later copy of a duplicated block
is reported at that copy; with run, only runs of that many or more consecutive compared blocks that
repeat consecutive earlier ones in the same order (a passage or the whole body printed twice) are
reported, once per run, at its first copy.`,
	compileDistinct, checkDistinct)

// distinctRule is a distinct check compiled.
type distinctRule struct {
	*rules.Distinct
	sel     *Selector // nil: every block
	earlier *Selector // nil: a copy of any compared block counts
}

func compileDistinct(c *compiler, ds *rules.Distinct) *distinctRule {
	return &distinctRule{
		Distinct: ds,
		sel:      c.selector("distinct.selector", ds.Selector),
		earlier:  c.selector("distinct.earlier", ds.Earlier),
	}
}

func checkDistinct(p *Pass, ds *distinctRule) {
	minLen := ds.MinLength
	const flags = rules.DefaultNormalize | rules.NormCase
	// The scope's blocks long enough to compare, with the hash of their
	// normalised text. A block whose hash no other block has cannot be a
	// copy, nor the first of one: the selector and the exclude list (the
	// costly part) are asked only about the others, but for runs, where a
	// block of the scope that is no copy ends a run.
	//
	// The candidates are counted first and listed in a slice of their
	// number, as indexes into the views (distinctHash keeps each block's
	// hash for the check), and counted by hash in a map of their number:
	// grown, a list of views, hashes and nodes left 21 MB of garbage on a
	// 100 MB article, the maps 7 MB.
	views := p.run.blocksIn(p.Scope)
	n := 0
	for _, v := range views {
		if _, runes := p.distinctHash(v, flags&^rules.NormSpace); runes >= minLen {
			n++
		}
	}
	cands := make([]int32, 0, n)
	count := make(map[uint64]int, n)
	for i, v := range views {
		if h, runes := p.distinctHash(v, flags&^rules.NormSpace); runes >= minLen {
			cands = append(cands, int32(i))
			count[h]++
		}
	}
	// Blocks with the same hash are compared normalised. Only blocks that
	// may be the first copy (earlier) are remembered.
	seen := make(map[uint64][]int)
	// The compared blocks in order, and for each the index (in it) of
	// the block it repeats, or -1.
	var list []BlockView
	var of []int
	if ds.Run > 1 { // every candidate the selector takes is listed
		list, of = make([]BlockView, 0, len(cands)), make([]int, 0, len(cands))
	}
	if ds.earlier != nil {
		// The first copy may stand above the scope: the deck over an
		// article body chosen without it.
		for _, v := range p.blocksBefore() {
			h, runes := p.distinctHash(v, flags&^rules.NormSpace)
			if runes < minLen || count[h] == 0 {
				continue
			}
			node := p.Doc.Blocks[v.Index].Node
			if !ds.earlier.Match(node) || p.run.excluded(p.c, node, p.commonAncestor(node)) {
				continue
			}
			seen[h] = append(seen[h], len(list))
			list = append(list, v)
			of = append(of, -1)
		}
	}
	for _, i := range cands {
		v := views[i]
		h, _ := p.distinctHash(v, flags&^rules.NormSpace)
		node := p.Doc.Blocks[v.Index].Node
		unique := count[h] == 1 && len(seen[h]) == 0
		if unique && ds.Run <= 1 {
			continue
		}
		if ds.sel != nil && !ds.sel.Match(node) {
			continue
		}
		if unique {
			list = append(list, v)
			of = append(of, -1)
			continue
		}
		if p.excludedBlock(node) {
			continue
		}
		first := -1
		for _, k := range seen[h] {
			if normEqual(p.Text(list[k]), p.Text(v), flags) {
				first = k
				break
			}
		}
		if first < 0 && (ds.earlier == nil || ds.earlier.Match(node)) {
			seen[h] = append(seen[h], len(list))
		}
		list = append(list, v)
		of = append(of, first)
	}
	if ds.Run <= 1 {
		for j, i := range of {
			if i >= 0 {
				p.reportCopy(list, i, j, 1)
			}
		}
		return
	}
	// Runs: copies j, j+1, … of blocks i, i+1, … .
	for j := 0; j < len(of); {
		if of[j] < 0 {
			j++
			continue
		}
		n := 1
		for j+n < len(of) && of[j+n] == of[j]+n {
			n++
		}
		if n >= ds.Run {
			p.reportCopy(list, of[j], j, n)
		}
		j += n
	}
}

// reportCopy reports block j of list as a copy of block i, the first of
// n consecutive copies.
func (p *Pass) reportCopy(list []BlockView, i, j, n int) {
	v := list[j]
	text := p.Text(v)
	at := p.Doc.Position(p.SourceSpan(list[i], 0, 0).Start)
	msg := fmt.Sprintf("%s: repeats the text at line %d", p.Rule.Title, at.Line)
	if n > 1 {
		msg = fmt.Sprintf("%s: repeats the %d blocks from line %d", p.Rule.Title, n, at.Line)
	}
	p.Report(p.SourceSpan(v, 0, len(text)), msg, rules.MessageData{Match: text}, nil)
}

// blocksBefore returns the blocks of the document that end before the
// scope starts, in document order.
func (p *Pass) blocksBefore() []BlockView {
	start := p.Doc.Span(p.Scope).Start
	if p.Scope == p.Doc.Root {
		return nil
	}
	var out []BlockView
	for i := range p.Doc.Blocks {
		b := &p.Doc.Blocks[i]
		if b.Span.End > start {
			break
		}
		out = append(out, BlockView{Index: i, Lo: 0, Hi: len(b.Text)})
	}
	return out
}

// commonAncestor returns the innermost element that holds both n and
// the scope: the elements of n's own boxes are those below it.
func (p *Pass) commonAncestor(n *html.Node) *html.Node {
	up := make(map[*html.Node]bool)
	for a := p.Scope; a != nil; a = a.Parent {
		up[a] = true
	}
	for a := n.Parent; a != nil; a = a.Parent {
		if up[a] {
			return a
		}
	}
	return p.Doc.Root
}
