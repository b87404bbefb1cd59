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
	type cand struct {
		v    BlockView
		h    uint64
		node *html.Node
	}
	var cands []cand
	count := make(map[uint64]int)
	for _, v := range p.run.blocksIn(p.Scope) {
		h, runes := p.distinctHash(v, flags&^rules.NormSpace)
		if runes < minLen {
			continue
		}
		cands = append(cands, cand{v, h, p.Doc.Blocks[v.Index].Node})
		count[h]++
	}
	// Blocks with the same hash are compared normalised. Only blocks that
	// may be the first copy (earlier) are remembered.
	seen := make(map[uint64][]int)
	// The compared blocks in order, and for each the index (in it) of
	// the block it repeats, or -1.
	var list []BlockView
	var of []int
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
	for _, c := range cands {
		unique := count[c.h] == 1 && len(seen[c.h]) == 0
		if unique && ds.Run <= 1 {
			continue
		}
		if ds.sel != nil && !ds.sel.Match(c.node) {
			continue
		}
		if unique {
			list = append(list, c.v)
			of = append(of, -1)
			continue
		}
		if p.excludedBlock(c.node) {
			continue
		}
		first := -1
		for _, k := range seen[c.h] {
			if p.normView(list[k], flags).s == p.normView(c.v, flags).s {
				first = k
				break
			}
		}
		if first < 0 && (ds.earlier == nil || ds.earlier.Match(c.node)) {
			seen[c.h] = append(seen[c.h], len(list))
		}
		list = append(list, c.v)
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
