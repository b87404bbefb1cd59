package checker

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
	"golang.org/x/net/html"

	"github.com/copydesk/copydesk/rules"
)

var exactKind = newKind(`Passes when a canonical boilerplate text is present verbatim in a block of the scope, after the
rule's normalisations (default: space, quotes, dashes). A text of several paragraphs is checked
paragraph by paragraph. A block whose words are at least "threshold" similar (default 0.6) is
reported as altered, with a word diff and a fix that restores the canonical text word by word
(inline markup around unchanged words stays); with no such block the paragraph is reported missing
at the scope's start tag. When the whole text is missing, the fix is the rule's insert; when other
paragraphs of it are there, a missing paragraph is inserted next to them, in the same element.`,
	compileExact, checkExact)

// exactRule is an exact check compiled.
type exactRule struct {
	*rules.Exact
	paras []string // the paragraphs, normalised
	// paraLits are the literal sets (Engine.lits) of paras (-1: none).
	paraLits []int
	paraBags []*wordBag // the words of paras
	// paraWords are the literal sets of the words of paras: a block with
	// none of them has no word in common with the paragraph (-1: none).
	paraWords []int
}

func compileExact(c *compiler, ex *rules.Exact) *exactRule {
	s := &exactRule{Exact: ex}
	for _, para := range ex.Paras {
		want := NormalizeString(para, ex.Normalize|rules.NormSpace)
		s.paras = append(s.paras, want)
		s.paraLits = append(s.paraLits, c.e.literalSet([]string{want}))
		s.paraBags = append(s.paraBags, newWordBag(strings.Fields(want)))
		s.paraWords = append(s.paraWords, c.e.literalSet(similarWords(strings.Fields(want), ex.Threshold)))
	}
	return s
}

// similarWords returns words that a block at least threshold similar to
// a paragraph of the given words must share with it, as literals: the
// paragraph's words of at least some length, the longest such that its
// shorter words are too few to reach the threshold alone (similarity is
// 2 × common words / all words, so it needs threshold × len(words) / 2
// common words). nil when there is no such bound.
func similarWords(words []string, threshold float64) []string {
	if threshold <= 0 || len(words) == 0 {
		return nil
	}
	need := threshold * float64(len(words)) / 2
	for minLen := 6; minLen > 0; minLen-- {
		short := 0
		var long []string
		for _, w := range words {
			if len(w) < minLen {
				short++
			} else {
				long = append(long, w)
			}
		}
		if float64(short) < need && len(long) > 0 {
			return slices.Compact(slices.Sorted(slices.Values(long)))
		}
	}
	return nil
}

// paraMatch is where a paragraph of an exact text was found.
type paraMatch struct {
	view    int // index in the pass's views, or -1 when missing
	present bool
	diff    wordDiff // altered: the word diff from canonical to found
}

func checkExact(p *Pass, ex *exactRule) {
	views := p.Blocks()
	flags := ex.Normalize
	found := make([]paraMatch, len(ex.Paras))
	located := false
	for k := range ex.Paras {
		found[k] = p.findPara(ex, views, k, flags)
		located = located || found[k].view >= 0
	}
	for k, para := range ex.Paras {
		m := found[k]
		data := rules.MessageData{Expected: para}
		switch {
		case m.present:
		case m.view < 0:
			fix := p.insertFix()
			if located {
				// The rest of the text is there: the rule's insert would
				// repeat it, so the paragraph goes next to its neighbours.
				fix = p.paraInsertFix(ex, views, found, k)
			}
			p.Report(p.StartTag(), fmt.Sprintf("%s: boilerplate missing: %s", p.Rule.Title, shorten(para, 60)),
				data, fix)
		default:
			v := views[m.view]
			span := p.SourceSpan(v, 0, v.Hi-v.Lo)
			data.Match = p.Text(v)
			data.Replacement = para
			p.Report(span, fmt.Sprintf("%s: boilerplate altered (%.0f%% similar): %s", p.Rule.Title, 100*m.diff.similarity, m.diff),
				data, p.restoreFix(v, para, m.diff, flags))
		}
	}
}

// findPara looks for paragraph k of an exact text in the views: a block
// that contains it, or else the most similar block at or above the
// rule's threshold.
func (p *Pass) findPara(ex *exactRule, views []BlockView, k int, flags rules.Normalize) paraMatch {
	want := ex.paras[k]
	for i, v := range views {
		if p.mayMatch(v, ex.paraLits[k]) && strings.Contains(p.normView(v, flags).s, want) {
			return paraMatch{view: i, present: true}
		}
	}
	bag := ex.paraBags[k]
	seen := make([]int32, len(bag.count))
	best := paraMatch{view: -1}
	threshold := ex.Threshold
	for i, v := range views {
		// A block without a word of the paragraph is not similar at all.
		if !p.mayMatch(v, ex.paraWords[k]) {
			continue
		}
		// At most min(na, nb) words are common: a block with far
		// fewer or far more words cannot be similar enough; nor one
		// with too few words in common.
		na, nb := bag.n, p.fieldCount(v)
		if na+nb > 0 && 2*float64(min(na, nb))/float64(na+nb) < threshold {
			continue
		}
		if bag.boundOf(p.wordHashes(v, flags&^rules.NormSpace), seen) < threshold {
			continue
		}
		got := p.normView(v, flags).s
		if d := compareWords(want, got); d.similarity >= threshold && d.similarity > best.diff.similarity {
			best = paraMatch{view: i, diff: d}
		}
	}
	return best
}

// fieldCount returns the number of words of a block view's text,
// counted once per block in a check.
func (p *Pass) fieldCount(v BlockView) int {
	b := &p.Doc.Blocks[v.Index]
	if v.Lo != 0 || v.Hi != len(b.Text) {
		return countFields(p.Text(v))
	}
	r := p.run
	if r.fields == nil {
		r.fields = make([]int32, len(p.Doc.Blocks))
	}
	if n := r.fields[v.Index]; n > 0 {
		return int(n - 1)
	}
	n := countFields(b.Text)
	r.fields[v.Index] = int32(n + 1)
	return n
}

// wordHashes returns the hashes of the words of a block view's
// normalised text (see wordHashes), in a buffer of the check's that the
// next call uses again. They were kept for the check, by block and flags,
// but are seldom asked twice: on a 100 MB article 500 of 14,000 calls,
// for 11 MB kept.
func (p *Pass) wordHashes(v BlockView, flags rules.Normalize) []uint64 {
	r := p.run
	r.wordBuf = wordHashes(p.Text(v), flags, r.wordBuf[:0])
	return r.wordBuf
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

// paraInsertFix inserts missing paragraph k after the block of the
// nearest earlier paragraph that is there, or before the nearest later
// one, as an element of the same name on a line of its own.
func (p *Pass) paraInsertFix(ex *exactRule, views []BlockView, found []paraMatch, k int) *Fix {
	para := ex.Paras[k]
	try := func(j int, after bool) *Fix {
		v := views[found[j].view]
		n := p.Doc.Blocks[v.Index].Node
		if n == nil || n.Type != html.ElementNode || n == p.Scope {
			return nil
		}
		markup := "<" + n.Data + ">" + escapeText(para) + "</" + n.Data + ">"
		return &Fix{Message: "insert " + shorten(para, 60), Edits: []Edit{p.Doc.siblingInsert(n, after, markup)}}
	}
	for j := k - 1; j >= 0; j-- {
		if found[j].view >= 0 {
			return try(j, true)
		}
	}
	for j := k + 1; j < len(found); j++ {
		if found[j].view >= 0 {
			return try(j, false)
		}
	}
	return nil
}

// restoreFix turns an altered block back into the canonical paragraph.
// It rewrites only the words that differ, so inline markup around the
// words that stay (a link, an <em>) is kept. When a change would cut
// through markup, it replaces the content of the block's element with
// the plain canonical text instead: boilerplate is legal text, and its
// exact wording matters more than the markup someone put into it.
func (p *Pass) restoreFix(v BlockView, para string, d wordDiff, flags rules.Normalize) *Fix {
	const msg = "restore the canonical text"
	if edits, ok := p.wordEdits(v, para, d, flags); ok {
		return &Fix{Message: msg, Edits: edits}
	}
	src := p.Doc.Src
	b := &p.Doc.Blocks[v.Index]
	n := b.Node
	if n != nil && n.Type == html.ElementNode && n != p.Doc.Root && v.Lo == 0 && v.Hi == len(b.Text) {
		if in := p.Doc.blocksIn(n); len(in) == 1 && in[0].Index == v.Index {
			inner := p.Doc.Inner(n)
			for inner.Start < inner.End && isSpaceByte(src[inner.Start]) {
				inner.Start++
			}
			for inner.End > inner.Start && isSpaceByte(src[inner.End-1]) {
				inner.End--
			}
			return &Fix{Message: msg, Edits: []Edit{{Start: inner.Start, End: inner.End, Text: escapeText(para)}}}
		}
	}
	span := p.SourceSpan(v, 0, v.Hi-v.Lo)
	if strings.IndexByte(string(src[span.Start:span.End]), '<') >= 0 {
		return nil
	}
	return &Fix{Message: msg, Edits: []Edit{{Start: span.Start, End: span.End, Text: escapeText(para)}}}
}

// wordEdits returns the edits that change the words of the block that
// differ from the canonical paragraph, or false when one of them would
// cross markup.
func (p *Pass) wordEdits(v BlockView, para string, d wordDiff, flags rules.Normalize) ([]Edit, bool) {
	canon := strings.Fields(para)
	if len(canon) != len(strings.Fields(NormalizeString(para, flags|rules.NormSpace))) {
		return nil, false
	}
	n := p.normView(v, flags)
	type word struct{ lo, hi int } // in the view's text
	var words []word
	for i := 0; i < len(n.s); {
		for i < len(n.s) && n.s[i] == ' ' {
			i++
		}
		j := i
		for j < len(n.s) && n.s[j] != ' ' {
			j++
		}
		if j > i {
			words = append(words, word{n.textOffset(i), n.textOffset(j)})
		}
		i = j
	}
	src := p.Doc.Src
	var edits []Edit
	add := func(span Span, text string) bool {
		if strings.IndexByte(string(src[span.Start:span.End]), '<') >= 0 {
			return false
		}
		edits = append(edits, Edit{Start: span.Start, End: span.End, Text: text})
		return true
	}
	// i indexes canonical words, j found words; a change replaces found
	// words [j0, j) by canonical words [i0, i).
	i, j := 0, 0
	i0, j0 := 0, 0
	flush := func() bool {
		if i == i0 && j == j0 {
			return true
		}
		repl := escapeText(strings.Join(canon[i0:i], " "))
		switch {
		case j > j0 && i > i0:
			return add(p.SourceSpan(v, words[j0].lo, words[j-1].hi), repl)
		case j > j0 && j0 > 0: // delete with the space before
			return add(p.SourceSpan(v, words[j0-1].hi, words[j-1].hi), "")
		case j > j0 && j < len(words): // delete with the space after
			return add(p.SourceSpan(v, words[j0].lo, words[j].lo), "")
		case j > j0:
			return false
		case j0 > 0: // insert after the previous word
			at := p.SourceSpan(v, words[j0-1].hi, words[j0-1].hi).Start
			return add(Span{at, at}, " "+repl)
		case len(words) > 0: // insert before the first word
			at := p.SourceSpan(v, words[0].lo, words[0].lo).Start
			return add(Span{at, at}, repl+" ")
		}
		return false
	}
	for _, df := range d.diffs {
		c := len(strings.Fields(df.Text))
		switch df.Type {
		case diffmatchpatch.DiffEqual:
			if !flush() {
				return nil, false
			}
			i += c
			j += c
			i0, j0 = i, j
		case diffmatchpatch.DiffDelete: // canonical words the block lacks
			i += c
		case diffmatchpatch.DiffInsert: // words the block has in excess
			j += c
		}
	}
	if !flush() || i != len(canon) || j != len(words) {
		return nil, false
	}
	return edits, len(edits) > 0
}
