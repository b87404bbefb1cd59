package checker

import (
	"fmt"
	"unicode/utf8"

	"github.com/copydesk/copydesk/rules"
)

var distinctKind = &Kind{
	Name: "distinct",
	Doc: `Passes when no two blocks of the scope have the same text (compared after white space, quote,
dash and case normalisation). Blocks shorter than min_length characters are ignored, and with
selector, blocks held by elements it does not match. Each later copy of a duplicated block is
reported at that copy.`,
	Check: checkDistinct,
}

func checkDistinct(p *Pass) {
	minLen := p.Rule.Distinct.MinLength
	seen := make(map[string]BlockView)
	for _, v := range p.Blocks() {
		text := p.Text(v)
		if utf8.RuneCountInString(text) < minLen {
			continue
		}
		if p.c.sel != nil && !p.c.sel.Match(p.Doc.Blocks[v.Index].Node) {
			continue
		}
		key := p.normView(v, rules.DefaultNormalize|rules.NormCase).s
		first, dup := seen[key]
		if !dup {
			seen[key] = v
			continue
		}
		at := p.Doc.Position(p.SourceSpan(first, 0, 0).Start)
		p.Report(p.SourceSpan(v, 0, len(text)),
			fmt.Sprintf("%s: repeats the text at line %d", p.Rule.Title, at.Line),
			rules.MessageData{Match: text}, nil)
	}
}
