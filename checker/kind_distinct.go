package checker

import (
	"fmt"

	"github.com/copydesk/copydesk/rules"
)

var distinctKind = newKind(`Passes when no two blocks of the scope have the same text (compared after white space, quote,
dash and case normalisation). Blocks shorter than min_length characters are ignored, and with
selector, blocks held by elements it does not match. Each later copy of a duplicated block is
reported at that copy.`,
	compileDistinct, checkDistinct)

// distinctRule is a distinct check compiled.
type distinctRule struct {
	*rules.Distinct
	sel *Selector // nil: every block
}

func compileDistinct(c *compiler, ds *rules.Distinct) *distinctRule {
	return &distinctRule{Distinct: ds, sel: c.selector("distinct.selector", ds.Selector)}
}

func checkDistinct(p *Pass, ds *distinctRule) {
	minLen := ds.MinLength
	const flags = rules.DefaultNormalize | rules.NormCase
	// Blocks by the hash of their normalised text; blocks with the same
	// hash are compared normalised.
	seen := make(map[uint64][]BlockView)
	// The scope's blocks, excluded ones left out last: the length and the
	// selector rule out most blocks at less cost than an exclude list.
	for _, v := range p.run.blocksIn(p.Scope) {
		text := p.Text(v)
		h, runes := normHash(text, flags&^rules.NormSpace)
		if runes < minLen {
			continue
		}
		node := p.Doc.Blocks[v.Index].Node
		if ds.sel != nil && !ds.sel.Match(node) || p.excludedBlock(node) {
			continue
		}
		var first BlockView
		dup := false
		for _, c := range seen[h] {
			if p.normView(c, flags).s == p.normView(v, flags).s {
				first, dup = c, true
				break
			}
		}
		if !dup {
			seen[h] = append(seen[h], v)
			continue
		}
		at := p.Doc.Position(p.SourceSpan(first, 0, 0).Start)
		p.Report(p.SourceSpan(v, 0, len(text)),
			fmt.Sprintf("%s: repeats the text at line %d", p.Rule.Title, at.Line),
			rules.MessageData{Match: text}, nil)
	}
}
