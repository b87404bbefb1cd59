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

	tStart, tEnd int32 // Text within the document's text buffer (while building)
	seg0, segN   int32 // the block's segments are Document.segs[seg0:segN]
}

// segment maps text bytes [t, t+tl) to source bytes [s, s+sl). An
// identity segment maps byte for byte (tl == sl): its text is the source
// but for single white space characters, which are spaces in the text;
// any other segment (an entity, collapsed white space) maps as a whole.
type segment struct {
	t, tl, s, sl int32
	ident        bool
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
	buf    []byte

	start, seg0        int  // where the current block starts in buf and segs
	pending            bool // white space seen since the last visible character
	pendStart, pendEnd int
	srcStart, srcEnd   int
}

func (t *textBuilder) init(d *Document) {
	t.d = d
	t.owner = d.Root
	// Visible text is about a twelfth of a real page, with one segment
	// per 300 bytes of markup; what is more grows as needed.
	t.buf = make([]byte, 0, len(d.Src)/10)
	t.d.segs = make([]segment, 0, len(d.Src)/256)
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
			// One byte of white space maps byte for byte: the segment
			// before and after it can be one (a page of "a\n" lines would
			// otherwise take two segments a line).
			t.push([]byte{' '}, ps, pe, pe-ps == 1)
		}
	}
	if len(t.buf) == t.start {
		t.srcStart = s
	}
	t.push(text, s, e, ident)
	t.srcEnd = e
}

func (t *textBuilder) push(text []byte, s, e int, ident bool) {
	segs := t.d.segs
	if n := len(segs); ident && n > t.seg0 {
		last := &segs[n-1]
		if last.ident && int(last.t+last.tl) == len(t.buf) && int(last.s+last.sl) == s {
			last.tl += int32(len(text))
			last.sl += int32(len(text))
			t.buf = append(room(t.buf, len(text)), text...)
			return
		}
	}
	t.d.segs = append(room(t.d.segs, 1), segment{t: int32(len(t.buf)), tl: int32(len(text)), s: int32(s), sl: int32(e - s), ident: ident})
	t.buf = append(room(t.buf, len(text)), text...)
}

// add appends the text token raw found at source offset off.
func (t *textBuilder) add(raw []byte, off int) {
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f':
			j := i + 1
			for j < len(raw) && (raw[j] == ' ' || raw[j] == '\n' || raw[j] == '\r' || raw[j] == '\t' || raw[j] == '\f') {
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
		t.d.Blocks = append(room(t.d.Blocks, 1), Block{
			Node:   t.owner,
			Span:   Span{t.srcStart, t.srcEnd},
			tStart: int32(t.start), tEnd: int32(len(t.buf)),
			seg0: int32(t.seg0), segN: int32(len(t.d.segs)),
		})
	}
	t.start = len(t.buf)
	t.seg0 = len(t.d.segs)
}

// finish gives every block its text.
func (t *textBuilder) finish() {
	if len(t.buf) == 0 {
		return
	}
	all := unsafe.String(&t.buf[0], len(t.buf))
	for i := range t.d.Blocks {
		b := &t.d.Blocks[i]
		b.Text = all[b.tStart:b.tEnd]
	}
}

// segments returns the segments of a block, with text offsets relative
// to the block.
func (d *Document) segments(b *Block) []segment { return d.segs[b.seg0:b.segN] }

// SourceSpan maps the text range [i, j) of block b to the source bytes
// it came from. An entity or a collapsed run of white space maps as a
// whole: a range that starts or ends inside one covers all of it.
func (d *Document) SourceSpan(b *Block, i, j int) Span {
	segs := d.segments(b)
	base := int(b.tStart)
	i += base
	j += base
	if len(segs) == 0 {
		return Span{b.Span.Start, b.Span.Start}
	}
	// First segment that ends after i.
	k := sort.Search(len(segs), func(k int) bool { return int(segs[k].t+segs[k].tl) > i })
	var start int
	if k == len(segs) {
		last := segs[len(segs)-1]
		start = int(last.s + last.sl)
	} else if sg := segs[k]; sg.ident {
		start = int(sg.s) + i - int(sg.t)
	} else {
		start = int(sg.s)
	}
	if j <= i {
		return Span{start, start}
	}
	// Last segment that starts before j.
	k = sort.Search(len(segs), func(k int) bool { return int(segs[k].t) >= j }) - 1
	sg := segs[k]
	end := int(sg.s + sg.sl)
	if sg.ident {
		end = int(sg.s) + j - int(sg.t)
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
	segs := d.segments(b)
	base := int(b.tStart)
	i, j = -1, -1
	for _, sg := range segs {
		s, e := int(sg.s), int(sg.s+sg.sl)
		if e <= span.Start || s >= span.End {
			continue
		}
		var ti, tj int
		if sg.ident {
			ti = int(sg.t) + max(span.Start-s, 0)
			tj = int(sg.t+sg.tl) - max(e-span.End, 0)
		} else {
			if s < span.Start || e > span.End {
				continue
			}
			ti, tj = int(sg.t), int(sg.t+sg.tl)
		}
		if i < 0 {
			i = ti
		}
		j = tj
	}
	if i < 0 {
		return 0, 0
	}
	return i - base, j - base
}
