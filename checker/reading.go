package checker

import (
	"sort"
	"strings"

	"golang.org/x/net/html"
)

// Reading is a checked document's text as its rules read it — the blocks
// of the text model (docs/rules.md, "Text model") in document order, and which of
// them make up the article body — with the way from the source spans of
// findings and fixes to that text. Reports that show the article itself,
// with each finding in place, are built from it (report's html format).
//
// A Reading holds its document: keep it only as long as the report of
// the document needs it.
type Reading struct {
	doc *Document
	// Blocks are the blocks of text of the document, in document order.
	Blocks []TextBlock
	starts []int // Blocks[i]'s first source byte (offsets into Src)
	ends   []int // and the end of its last one

	elems []*html.Node // the elements by start offset, built on first use
}

// TextBlock is one block of a Reading.
type TextBlock struct {
	// Tag is the name of the element that holds the text ("p", "h1",
	// "figcaption", "li", "td", …), or "" for text outside any element.
	Tag string
	// Text is the block's text: entity-decoded, white space collapsed.
	Text string
	// Content reports whether the block lies in the article body, the
	// scope of rules without one (docs/configuration.md, "Finding the article body").
	Content bool
}

// TextRange is the part [Lo, Hi) of the text of Blocks[Block].
type TextRange struct {
	Block, Lo, Hi int
}

// Reading returns the text of doc as the engine's rules read it.
func (e *Engine) Reading(doc *Document) *Reading {
	r := &Reading{
		doc:    doc,
		Blocks: make([]TextBlock, len(doc.Blocks)),
		starts: make([]int, len(doc.Blocks)),
		ends:   make([]int, len(doc.Blocks)),
	}
	for i := range doc.Blocks {
		b := &doc.Blocks[i]
		tag := ""
		if b.Node != nil && b.Node.Type == html.ElementNode {
			tag = b.Node.Data
		}
		r.Blocks[i] = TextBlock{Tag: tag, Text: b.Text}
		r.starts[i], r.ends[i] = b.Span.Start, b.Span.End
	}
	for _, n := range e.Content(doc).Nodes {
		for _, v := range doc.blocksIn(n) {
			r.Blocks[v.Index].Content = true
		}
	}
	return r
}

// TextBlocks returns the blocks of the text, in document order.
func (r *Reading) TextBlocks() []TextBlock { return r.Blocks }

// srcOffset returns the offset in Src of file offset off (offsets of
// findings and fixes are into File).
func (r *Reading) srcOffset(off int) int { return r.doc.SrcOffset(off) }

// Locate returns the text that the source span s (offsets into the file,
// as findings have them) covers, block by block, in order. It is empty
// when s covers no visible text: a start tag, an attribute, an empty span.
func (r *Reading) Locate(s Span) []TextRange {
	s = Span{r.srcOffset(s.Start), r.srcOffset(s.End)}
	if s.Start >= s.End {
		return nil
	}
	var out []TextRange
	for i := sort.SearchInts(r.ends, s.Start+1); i < len(r.Blocks) && r.starts[i] < s.End; i++ {
		b := &r.doc.Blocks[i]
		lo, hi := r.doc.TextRange(b, s)
		for lo < hi && b.Text[lo] == ' ' {
			lo++
		}
		for hi > lo && b.Text[hi-1] == ' ' {
			hi--
		}
		if lo < hi {
			out = append(out, TextRange{Block: i, Lo: lo, Hi: hi})
		}
	}
	return out
}

// Place returns where file offset off comes in the text: the index of
// the first block that starts at or after it (len(Blocks) past the last).
// A finding without text is shown there.
func (r *Reading) Place(off int) int {
	return sort.SearchInts(r.starts, r.srcOffset(off))
}

// Change is what a fix does to the text: it replaces N blocks from
// Blocks[At] (Before) by blocks of new text (After). An insertion has
// N == 0 and goes before Blocks[At]; a fix that only removes text has an
// After of fewer blocks.
type Change struct {
	At, N  int
	Before []string
	After  []string
	// Markup reports a change of markup that holds no text (an attribute,
	// a tag): Before and After are then the start tag as written, white
	// space collapsed, before and after the fix.
	Markup bool
}

// Changes returns what fix f (with offsets into the file, as findings
// have it) does to the text, in document order. Edits that touch the
// same blocks make one change; the new text is read from the edited
// source with the document's text model, so entities, white space and
// markup in the fix come out as a reader would see them.
func (r *Reading) Changes(f *Fix) []Change {
	if f == nil {
		return nil
	}
	type edit struct {
		s, e   int // in Src
		text   string
		lo, hi int  // the blocks it touches
		tag    Span // the start tag it lies in, if any
	}
	edits := make([]edit, 0, len(f.Edits))
	for _, e := range f.Edits {
		x := edit{s: r.srcOffset(e.Start), e: r.srcOffset(e.End), text: e.Text}
		if x.tag = r.tagAround(x.s, x.e); x.tag.End > x.tag.Start {
			// Markup inside a tag (an attribute) touches no text, even
			// in the middle of a paragraph.
			x.lo = sort.SearchInts(r.starts, x.s)
			x.hi = x.lo
		} else {
			x.lo, x.hi = r.touches(x.s, x.e)
		}
		edits = append(edits, x)
	}
	var out []Change
	for i := 0; i < len(edits); {
		// A group: the edits that touch the blocks of the first, and of
		// those after it.
		j, lo, hi := i+1, edits[i].lo, edits[i].hi
		for hi > lo && j < len(edits) && edits[j].lo < hi {
			hi = max(hi, edits[j].hi)
			j++
		}
		group := edits[i:j]
		i = j
		src := r.doc.Src
		if hi == lo {
			// No block touched: markup without text (in a start tag),
			// or new blocks.
			x := group[0]
			tag := x.tag
			if tag.End <= tag.Start {
				if after := fragmentText(x.text); len(after) > 0 {
					out = append(out, Change{At: lo, After: after})
					continue
				}
				tag = Span{x.s, x.e}
			}
			edited := string(src[tag.Start:x.s]) + x.text + string(src[x.e:tag.End])
			out = append(out, Change{At: lo, Markup: true,
				Before: []string{collapse(src[tag.Start:tag.End], 300)},
				After:  []string{collapse([]byte(edited), 300)}})
			continue
		}
		region := Span{min(r.starts[lo], group[0].s), max(r.ends[hi-1], group[len(group)-1].e)}
		var b strings.Builder
		at := region.Start
		for _, x := range group {
			b.Write(src[at:x.s])
			b.WriteString(x.text)
			at = x.e
		}
		b.Write(src[at:region.End])
		c := Change{At: lo, N: hi - lo, After: fragmentText(b.String())}
		for k := lo; k < hi; k++ {
			c.Before = append(c.Before, r.Blocks[k].Text)
		}
		out = append(out, c)
	}
	return out
}

// touches returns the blocks [lo, hi) whose text the edit of source
// bytes [s, e) changes: those it overlaps, or for an insertion the one
// it falls within. With none, lo == hi is the block the edit comes
// before.
func (r *Reading) touches(s, e int) (lo, hi int) {
	if s == e {
		// An insertion within a block's text, or at either end of it.
		lo = sort.SearchInts(r.ends, s)
		if lo < len(r.Blocks) && r.starts[lo] <= s {
			return lo, lo + 1
		}
		return lo, lo
	}
	lo = sort.SearchInts(r.ends, s+1)
	hi = lo
	for hi < len(r.Blocks) && r.starts[hi] < e {
		hi++
	}
	return lo, hi
}

// tagAround returns the span of the start tag that holds source bytes
// [s, e), or an empty span when no start tag does.
func (r *Reading) tagAround(s, e int) Span {
	d := r.doc
	if r.elems == nil {
		// By start offset: where the tree construction moved nodes
		// (foster parenting), tree order is not source order.
		r.elems = d.Elements()
		sort.SliceStable(r.elems, func(i, j int) bool { return d.StartTag(r.elems[i]).Start < d.StartTag(r.elems[j]).Start })
	}
	// The last element that starts before s.
	k := sort.Search(len(r.elems), func(k int) bool { return d.StartTag(r.elems[k]).Start >= s }) - 1
	if k >= 0 {
		if t := d.StartTag(r.elems[k]); t.Start < s && e < t.End {
			return t
		}
	}
	return Span{}
}

// fragmentText returns the blocks of text of an HTML fragment, as the
// text model reads them.
func fragmentText(markup string) []string {
	if strings.TrimSpace(markup) == "" {
		return nil
	}
	d, err := Parse("", []byte(markup))
	if err != nil {
		return nil
	}
	out := make([]string, len(d.Blocks))
	for i := range d.Blocks {
		out[i] = strings.Clone(d.Blocks[i].Text)
	}
	return out
}
