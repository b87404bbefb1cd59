package lsp

import (
	"sort"
	"unicode/utf8"
)

// Position encodings (LSP 3.17, PositionEncodingKind).
const (
	encUTF16 = "utf-16" // the default: what every client takes
	encUTF8  = "utf-8"
)

// text is a version of a document with its line starts. The protocol
// ends a line at "\n", "\r\n" or "\r" (the checker's positions count
// "\n" only, which is why positions are worked out here from byte
// offsets, not taken from checker.Position).
type text struct {
	s      string
	starts []int // offset of each line's first byte
	utf8   bool  // characters are UTF-8 bytes, not UTF-16 code units
}

func newText(s, encoding string) *text {
	t := &text{s: s, starts: []int{0}, utf8: encoding == encUTF8}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\n':
			t.starts = append(t.starts, i+1)
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			t.starts = append(t.starts, i+1)
		}
	}
	return t
}

// lineEnd returns the offset where line ends, before its line break.
func (t *text) lineEnd(line int) int {
	if line+1 >= len(t.starts) {
		return len(t.s)
	}
	end := t.starts[line+1]
	if end > 0 && t.s[end-1] == '\n' {
		end--
	}
	if end > t.starts[line] && t.s[end-1] == '\r' {
		end--
	}
	return end
}

// width is the number of characters of s in the encoding.
func (t *text) width(s string) int {
	if t.utf8 {
		return len(s)
	}
	n := 0
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			n++
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		n++
		if r >= 0x10000 {
			n++ // a surrogate pair
		}
		i += size
	}
	return n
}

// position returns the Position of byte offset off (clamped to the text).
func (t *text) position(off int) Position {
	off = min(max(off, 0), len(t.s))
	line := sort.Search(len(t.starts), func(i int) bool { return t.starts[i] > off }) - 1
	// An offset between "\r" and "\n" is at the end of its line.
	end := max(t.lineEnd(line), t.starts[line])
	return Position{Line: line, Character: t.width(t.s[t.starts[line]:min(off, end)])}
}

// rangeOf returns the Range of the bytes [start, end).
func (t *text) rangeOf(start, end int) Range {
	return Range{t.position(start), t.position(end)}
}

// offset returns the byte offset of p. A line past the end is the end
// of the text; a character past the end of its line is the line's end;
// a character inside a UTF-8 sequence or a surrogate pair is the start
// of that character.
func (t *text) offset(p Position) int {
	if p.Line < 0 {
		return 0
	}
	if p.Line >= len(t.starts) {
		return len(t.s)
	}
	start, end := t.starts[p.Line], t.lineEnd(p.Line)
	if t.utf8 {
		off := start + max(p.Character, 0)
		if off >= end {
			return end
		}
		for off > start && !utf8.RuneStart(t.s[off]) {
			off--
		}
		return off
	}
	n := 0
	for i := start; i < end; {
		r, size := rune(t.s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(t.s[i:end])
		}
		w := 1
		if r >= 0x10000 {
			w = 2
		}
		if n+w > p.Character {
			return i
		}
		n += w
		i += size
	}
	return end
}

// columnOffset returns the offset of the col-th character (1-based, in
// code points) of the 1-based line, as rules.Pos counts them: clamped to
// the line. YAML's lines end at "\n", "\r\n" and "\r" too.
func (t *text) columnOffset(line, col int) int {
	if line < 1 || line > len(t.starts) {
		return len(t.s)
	}
	i, end := t.starts[line-1], t.lineEnd(line-1)
	for c := 1; c < col && i < end; c++ {
		_, size := utf8.DecodeRuneInString(t.s[i:end])
		i += size
	}
	return i
}
