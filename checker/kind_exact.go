package checker

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/copydesk/copydesk/rules"
)

var exactKind = &Kind{
	Name: "exact",
	Doc: `Passes when a canonical boilerplate text is present verbatim in a block of the scope, after the
rule's normalisations (default: space, quotes, dashes). A text of several paragraphs is checked
paragraph by paragraph. A block whose words are at least "threshold" similar (default 0.6) is
reported as altered, with a word diff and a fix that restores the canonical text; with no such
block the text is reported missing at the scope's start tag, fixed by the rule's insert if it has one.`,
	Check: checkExact,
}

func checkExact(p *Pass) {
	ex := p.Rule.Exact
	views := p.Blocks()
	flags := ex.Normalize
	for k, para := range ex.Paras {
		want := p.c.paras[k]
		if p.exactPresent(views, want, flags, p.c.paraLits[k]) {
			continue
		}
		wantWords := strings.Fields(want)
		bag := make(map[string]int, len(wantWords))
		for _, w := range wantWords {
			bag[w]++
		}
		best, bestDiff := -1, wordDiff{}
		for i, v := range views {
			// At most min(na, nb) words are common: a block with far
			// fewer or far more words cannot be similar enough.
			na, nb := len(wantWords), countFields(p.Text(v))
			if na+nb > 0 && 2*float64(min(na, nb))/float64(na+nb) < ex.Threshold {
				continue
			}
			got := p.normView(v, flags).s
			if similarityBound(wantWords, bag, got) < ex.Threshold {
				continue
			}
			if d := compareWords(want, got); d.similarity >= ex.Threshold && d.similarity > bestDiff.similarity {
				best, bestDiff = i, d
			}
		}
		data := rules.MessageData{Expected: para}
		if best < 0 {
			p.Report(p.StartTag(), fmt.Sprintf("%s: boilerplate missing: %s", p.Rule.Title, shorten(para, 60)),
				data, p.insertFix())
			continue
		}
		v := views[best]
		span := p.SourceSpan(v, 0, v.Hi-v.Lo)
		data.Match = p.Text(v)
		data.Replacement = para
		fix := &Fix{Message: "restore the canonical text", Edits: []Edit{{Start: span.Start, End: span.End, Text: escapeText(para)}}}
		p.Report(span, fmt.Sprintf("%s: boilerplate altered (%.0f%% similar): %s", p.Rule.Title, 100*bestDiff.similarity, bestDiff),
			data, fix)
	}
}

// exactPresent reports whether a block of the views contains want under
// the normalisations.
func (p *Pass) exactPresent(views []BlockView, want string, flags rules.Normalize, lit int) bool {
	for _, v := range views {
		if p.mayMatch(v, lit) && strings.Contains(p.normView(v, flags).s, want) {
			return true
		}
	}
	return false
}

// countFields returns len(strings.Fields(s)) without building the slice.
func countFields(s string) int {
	n := 0
	inField := false
	for i := 0; i < len(s); {
		var space bool
		if c := s[i]; c < utf8.RuneSelf {
			space = c == ' ' || '\t' <= c && c <= '\r'
			i++
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			space = unicode.IsSpace(r)
			i += size
		}
		if !space && !inField {
			n++
		}
		inField = !space
	}
	return n
}
