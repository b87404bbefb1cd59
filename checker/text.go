package checker

import (
	"sort"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/net/html"
)

// Block is the visible text of one block-level element (or one run of
// text between the block-level children of an element): entity-decoded,
// with runs of white space collapsed to one space and trimmed. Every byte
// of Text maps back to the source through the block's segments.
type Block struct {
	Node *html.Node // the block-level element that holds the text
	Text string
	Span Span // from the first to the last source byte of visible text

	seg0, segN int32 // the block's segments are Document.segs.at(seg0 … segN-1)
}

// segment maps bytes of a block's text, from t (relative to the block) to
// where the next segment starts or the text ends, to source bytes from s
// on, m&segLen of them. The segments of a block cover its text, in order.
//
// A segment that maps as a whole (m&segWhole: an entity) maps each byte
// of its text to all of its source. Any other segment, of text length tl,
// maps its first tl-1 bytes byte for byte to the source (the text is the
// source but for single white space characters, which are spaces in the
// text), and its last byte to the rest of its source: one byte, or the
// run of white space that the last byte, a space, stands for. So "a␠␠"
// lines take one segment each, not one for "a" and one for the run.
type segment struct {
	t, s int32
	m    uint32 // source length, and segWhole
}

const (
	segWhole = 1 << 31
	segLen   = segWhole - 1
)

func (sg *segment) sl() int32   { return int32(sg.m & segLen) }
func (sg *segment) whole() bool { return sg.m&segWhole != 0 }
func (sg *segment) srcEnd() int { return int(sg.s) + int(sg.m&segLen) }

// segChunk is the number of segments in a chunk of a segList.
const segChunk = 1024

// segList holds the segments of a document in chunks that never move or
// grow, so that a page of ten million collapsed runs takes the memory of
// its segments and not twice that at the last doubling of one slice.
type segList struct {
	chunks [][]segment
	n      int32
}

func (l *segList) at(k int32) *segment { return &l.chunks[k/segChunk][k%segChunk] }

func (l *segList) add(sg segment) {
	if int(l.n) == len(l.chunks)*segChunk {
		l.chunks = append(l.chunks, make([]segment, segChunk))
	}
	*l.at(l.n) = sg
	l.n++
}

// invisible reports whether a character is dropped from the text model:
// it renders as nothing (soft hyphen, zero-width space, BOM, word joiner)
// or is NUL, which browsers ignore in text.
func invisible(r rune) bool {
	switch r {
	case 0, '\u00ad', '\u200b', '\ufeff', '\u2060':
		return true
	}
	return false
}

// textBuilder accumulates blocks while the tree is built.
type textBuilder struct {
	simple bool // append text character by character (tests compare)
	d      *Document
	owner  *html.Node
	// buf is the chunk of text the current block is written to, from
	// start on; the blocks before it in the chunk are done (their Text is
	// part of it), and a chunk never grows or moves: a block that does
	// not fit moves, with what it has so far, to a new chunk.
	buf []byte

	start              int // where the current block starts in buf
	blocks             [][]Block
	nblocks            int
	chunk              int   // the size of a chunk of text
	seg0               int32 // the current block's first segment
	pending            bool  // white space seen since the last visible character
	pendStart, pendEnd int
	srcStart, srcEnd   int
}

func (t *textBuilder) init(d *Document) {
	t.d = d
	t.owner = d.Root
	// Visible text is about a twelfth of a real page.
	t.chunk = min(max(len(d.Src)/10, 1<<10), 1<<18)
}

// room makes room for n more bytes of text in the current block.
func (t *textBuilder) room(n int) {
	if len(t.buf)+n <= cap(t.buf) {
		return
	}
	have := len(t.buf) - t.start
	buf := make([]byte, have, max(t.chunk, 2*(have+n)))
	copy(buf, t.buf[t.start:])
	t.buf, t.start = buf, 0
}

// space records white space at source bytes [s, e).
func (t *textBuilder) space(s, e int) {
	switch {
	case !t.pending:
		t.pending, t.pendStart, t.pendEnd = true, s, e
	case s == t.pendEnd:
		t.pendEnd = e
	}
}

// emit appends visible text that came from source bytes [s, e).
func (t *textBuilder) emit(text []byte, s, e int, ident bool) {
	if t.pending {
		t.pending = false
		if len(t.buf) > t.start {
			ps, pe := t.pendStart, t.pendEnd
			// The run becomes the last byte of the segment before it
			// (see segment).
			t.push([]byte{' '}, ps, pe, false)
		}
	}
	if len(t.buf) == t.start {
		t.srcStart = s
	}
	t.push(text, s, e, !ident)
	t.srcEnd = e
}

// push appends text from source bytes [s, e): byte for byte, a space for
// a run of white space, or (whole) text that maps to [s, e) as a whole.
func (t *textBuilder) push(text []byte, s, e int, whole bool) {
	segs := &t.d.segs
	if n := segs.n; !whole && n > t.seg0 {
		// Text that maps byte for byte, or a run of white space, extends
		// the last segment when that maps byte for byte up to s.
		last := segs.at(n - 1)
		if !last.whole() && int(last.t)+int(last.sl()) == len(t.buf)-t.start && last.srcEnd() == s {
			last.m += uint32(e - s)
			t.room(len(text))
			t.buf = append(t.buf, text...)
			return
		}
	}
	m := uint32(e - s)
	if whole {
		m |= segWhole
	}
	segs.add(segment{t: int32(len(t.buf) - t.start), s: int32(s), m: m})
	t.room(len(text))
	t.buf = append(t.buf, text...)
}

// add appends the text token raw found at source offset off.
func (t *textBuilder) add(raw []byte, off int) {
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f':
			j := i + 1
			for j < len(raw) && isWS(raw[j]) {
				j++
			}
			t.space(off+i, off+j)
			i = j
		case c == '&':
			n, dec := entity(raw[i:])
			if n == 0 {
				t.emit(raw[i:i+1], off+i, off+i+1, true)
				i++
				continue
			}
			t.decoded(dec, off+i, off+i+n)
			i += n
		case c == 0:
			i++
		case c < utf8.RuneSelf && (t.simple || c <= ' '):
			j := i + 1
			for j < len(raw) && raw[j] < utf8.RuneSelf && raw[j] > ' ' && raw[j] != '&' {
				j++
			}
			t.emit(raw[i:j], off+i, off+j, true)
			i = j
		default:
			if size := plainChar(raw[i:]); size > 0 && !t.simple {
				j := plainRun(raw, i+size)
				t.emit(raw[i:j], off+i, off+j, true)
				i = j
				continue
			}
			r, size := utf8.DecodeRune(raw[i:])
			switch {
			case r != utf8.RuneError && unicode.IsSpace(r):
				t.space(off+i, off+i+size)
			case invisible(r):
			default:
				t.emit(raw[i:i+size], off+i, off+i+size, true)
			}
			i += size
		}
	}
}

// plainChar returns the length of the character at the start of s when
// it stands for itself in the text (not white space, a character
// reference, or dropped), or 0. An invalid byte stands for itself.
func plainChar(s []byte) int {
	c := s[0]
	if c < utf8.RuneSelf {
		if c > ' ' && c != '&' {
			return 1
		}
		return 0
	}
	if c >= 0xc3 && c <= 0xdf && len(s) > 1 && s[1]&0xc0 == 0x80 {
		// U+00C0 to U+07FF (Latin, Greek, Cyrillic, Hebrew, Arabic…): no
		// white space or invisible character (those of two bytes, U+0085,
		// U+00A0 and U+00AD, start with 0xc2).
		return 2
	}
	r, size := utf8.DecodeRune(s)
	if r != utf8.RuneError && unicode.IsSpace(r) || invisible(r) {
		return 0
	}
	return size
}

// plainRun returns the end of the run of text from i on that stands for
// itself: plain characters, and single spaces between them, which white
// space collapsing leaves as they are.
func plainRun(raw []byte, i int) int {
	for i < len(raw) {
		if c := raw[i]; c > ' ' && c < utf8.RuneSelf && c != '&' {
			i++
			continue
		}
		if raw[i] == ' ' && i+1 < len(raw) {
			if size := plainChar(raw[i+1:]); size > 0 {
				i += 1 + size
				continue
			}
			return i
		}
		size := plainChar(raw[i:])
		if size == 0 {
			return i
		}
		i += size
	}
	return i
}

// decoded appends the characters an entity at source bytes [s, e) stands for.
func (t *textBuilder) decoded(dec string, s, e int) {
	r, _ := utf8.DecodeRuneInString(dec)
	switch {
	case len(dec) == utf8.RuneLen(r) && unicode.IsSpace(r):
		t.space(s, e)
	case len(dec) == utf8.RuneLen(r) && invisible(r):
	default:
		t.emit([]byte(dec), s, e, false)
	}
}

// entity decodes the character reference at the start of s ("&amp;",
// "&#8220;", "&nbsp" …). It returns how many bytes it spans and what it
// stands for, or 0 when s does not start with one, following the HTML
// rules through html.UnescapeString.
func entity(s []byte) (int, string) {
	j := 1
	if j < len(s) && s[j] == '#' {
		j++
		if j < len(s) && (s[j] == 'x' || s[j] == 'X') {
			j++
		}
	}
	for j < len(s) && j < 40 && (isAlnum(s[j])) {
		j++
	}
	if j < len(s) && s[j] == ';' {
		j++
	}
	if j <= 1 {
		return 0, ""
	}
	cand := string(s[:j])
	dec := html.UnescapeString(cand)
	if dec == cand {
		return 0, ""
	}
	// Whatever follows the longest entity name is kept as it is; the
	// common suffix of cand and dec is that part.
	k := 0
	for k < len(cand)-1 && k < len(dec) && cand[len(cand)-1-k] == dec[len(dec)-1-k] {
		k++
	}
	return len(cand) - k, dec[:len(dec)-k]
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// flush ends the current block.
func (t *textBuilder) flush() {
	t.pending = false
	if len(t.buf) > t.start {
		if k := len(t.blocks); k == 0 || len(t.blocks[k-1]) == cap(t.blocks[k-1]) {
			t.blocks = append(t.blocks, make([]Block, 0, blockChunk))
		}
		last := &t.blocks[len(t.blocks)-1]
		*last = append(*last, Block{
			Node: t.owner,
			Text: unsafe.String(&t.buf[t.start], len(t.buf)-t.start),
			Span: Span{t.srcStart, t.srcEnd},
			seg0: t.seg0, segN: t.d.segs.n,
		})
		t.nblocks++
	}
	t.start = len(t.buf)
	t.seg0 = t.d.segs.n
}

// blockChunk is the number of blocks of a chunk of textBuilder.blocks.
const blockChunk = 1024

// finish puts the blocks in Document.Blocks, a slice of their number:
// blocks are kept in chunks until then, as a slice grown by doubling
// would end up to twice their size.
func (t *textBuilder) finish() {
	t.flush()
	t.d.Blocks = make([]Block, 0, t.nblocks)
	for _, c := range t.blocks {
		t.d.Blocks = append(t.d.Blocks, c...)
	}
	t.blocks = nil
}

// segText returns where segment k of block b starts in the block's text
// and how many bytes of it it maps.
func (d *Document) segText(b *Block, k int32) (t, tl int) {
	t = int(d.segs.at(k).t)
	if k+1 < b.segN {
		return t, int(d.segs.at(k+1).t) - t
	}
	return t, len(b.Text) - t
}

// SourceSpan maps the text range [i, j) of block b to the source bytes
// it came from. An entity or a collapsed run of white space maps as a
// whole: a range that starts or ends inside one covers all of it.
func (d *Document) SourceSpan(b *Block, i, j int) Span {
	if b.segN == b.seg0 {
		return Span{b.Span.Start, b.Span.Start}
	}
	// The segment holding text byte x: the last that starts at or before it.
	holding := func(x int) int32 {
		n := int(b.segN - b.seg0)
		k := sort.Search(n, func(k int) bool { return int(d.segs.at(b.seg0+int32(k)).t) > x })
		return b.seg0 + int32(max(k-1, 0))
	}
	var start int
	if i >= len(b.Text) {
		start = d.segs.at(b.segN - 1).srcEnd()
	} else {
		k := holding(i)
		sg := d.segs.at(k)
		start = int(sg.s)
		if !sg.whole() {
			t, _ := d.segText(b, k)
			start += max(i-t, 0)
		}
	}
	if j <= i {
		return Span{start, start}
	}
	k := holding(j - 1)
	sg := d.segs.at(k)
	end := sg.srcEnd()
	if t, tl := d.segText(b, k); !sg.whole() && j-1-t < tl-1 {
		end = int(sg.s) + j - t // inside the part that maps byte for byte
	}
	return Span{start, end}
}

// TextRange maps a source span to the part of block b's text that came
// from inside it: the range [i, j) of text bytes whose source lies within
// span. It is empty (i == j) when no text of b lies within span.
func (d *Document) TextRange(b *Block, span Span) (i, j int) {
	if span.Contains(b.Span) {
		return 0, len(b.Text)
	}
	i, j = -1, -1
	// take adds text [ti, tj) to the range.
	take := func(ti, tj int) {
		if i < 0 {
			i = ti
		}
		j = tj
	}
	for k := b.seg0; k < b.segN; k++ {
		sg := d.segs.at(k)
		s, e := int(sg.s), sg.srcEnd()
		if e <= span.Start || s >= span.End {
			continue
		}
		t, tl := d.segText(b, k)
		if sg.whole() {
			if span.Contains(Span{s, e}) {
				take(t, t+tl)
			}
			continue
		}
		// Bytes [t, t+tl-1) map byte for byte to [s, s+tl-1); the last
		// byte maps to [s+tl-1, e), which must lie within span as a whole.
		he := s + tl - 1
		ti, tj := t+max(span.Start-s, 0), t+tl-1-max(he-span.End, 0)
		if ti < tj {
			take(ti, tj)
		}
		if span.Contains(Span{he, e}) {
			take(t+tl-1, t+tl)
		}
	}
	if i < 0 {
		return 0, 0
	}
	return i, j
}
