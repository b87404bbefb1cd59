package checker

import (
	"bytes"
	"encoding/binary"
	"sort"
	"unicode/utf8"
)

// Position is a place in a source file, for reports. Line and Column are
// 1-based; Column counts code points and Column16 UTF-16 code units from
// the start of the line, and ByteColumn counts bytes (UTF-8 columns, as
// reviewdog wants them). Offset is the byte offset in the file.
type Position struct {
	Offset     int
	Line       int
	Column     int
	Column16   int
	ByteColumn int // a byte order mark counts here, as it is in the line's bytes
}

// lineTable holds the offset at which each line starts. "\n" ends a
// line, so "\r\n" does too; a lone "\r" does not. That is how git, grep,
// diff and SARIF's default newlineSequences ("\r\n", "\n") count lines,
// and the fix diffs copydesk prints with its findings.
type lineTable struct {
	starts []int32 // files are under 2 GiB (a page of "a\n" has a line every two bytes)
	// marks holds checkpoints of the columns of long lines, by line
	// index, built when a position on the line is first asked for: a
	// page on one line (minified, or hostile) with many findings would
	// otherwise cost its length once per finding.
	marks map[int][]colMark
}

// colMark records the columns at offset off of a long line.
type colMark struct {
	off, col, col16 int
}

// markEvery is the distance in bytes between the checkpoints of a line.
const markEvery = 1024

func newLineTable(src []byte) *lineTable {
	starts := make([]int32, 1, bytes.Count(src, []byte{'\n'})+1)
	for i := 0; ; {
		j := bytes.IndexByte(src[i:], '\n')
		if j < 0 {
			return &lineTable{starts: starts}
		}
		i += j + 1
		starts = append(starts, int32(i))
	}
}

// marksOf returns the checkpoints of line (which starts at from, after any
// byte order mark): the columns at the first character boundary after
// every markEvery bytes.
func (t *lineTable) marksOf(src []byte, line, from int) []colMark {
	if ms, ok := t.marks[line]; ok {
		return ms
	}
	if t.marks == nil {
		t.marks = map[int][]colMark{}
	}
	end := len(src)
	if line+1 < len(t.starts) {
		end = int(t.starts[line+1])
	}
	var ms []colMark
	col, col16 := 1, 1
	next := from + markEvery
	for i := from; i < end; {
		if i >= next {
			ms = append(ms, colMark{i, col, col16})
			next = i + markEvery
		}
		// Eight ASCII bytes at a time, up to the next checkpoint.
		if i+8 <= min(end, next) && binary.LittleEndian.Uint64(src[i:])&0x8080808080808080 == 0 {
			col += 8
			col16 += 8
			i += 8
			continue
		}
		if src[i] < utf8.RuneSelf {
			col++
			col16++
			i++
			continue
		}
		r, size := utf8.DecodeRune(src[i:end])
		col++
		col16++
		if r >= 0x10000 {
			col16++
		}
		i += size
	}
	t.marks[line] = ms
	return ms
}

// Position converts a byte offset of the document to a Position. Offsets
// outside the file are clamped to it. A UTF-8 byte order mark at the start
// of the file takes no column.
func (d *Document) Position(off int) Position {
	if d.lines == nil {
		d.lines = newLineTable(d.Src)
	}
	off = min(max(off, 0), len(d.Src))
	starts := d.lines.starts
	line := sort.Search(len(starts), func(i int) bool { return int(starts[i]) > off }) - 1
	from := int(starts[line])
	p := Position{Offset: off, Line: line + 1, Column: 1, Column16: 1, ByteColumn: off - from + 1}
	if line == 0 && off >= 3 && string(d.Src[:3]) == "\ufeff" {
		// Editors do not show a byte order mark or count it in columns.
		from = 3
	}
	if off-from > markEvery {
		ms := d.lines.marksOf(d.Src, line, from)
		if k := sort.Search(len(ms), func(k int) bool { return ms[k].off > off }) - 1; k >= 0 {
			from, p.Column, p.Column16 = ms[k].off, ms[k].col, ms[k].col16
		}
	}
	// Positions are mostly asked for in order: count on from the last
	// one when it is on the same line, before off, at a character start.
	if c := d.lastPos; c.Line == p.Line && c.Offset >= from && c.Offset <= off && (c.Offset == len(d.Src) || utf8.RuneStart(d.Src[c.Offset])) {
		p.Column, p.Column16, from = c.Column, c.Column16, c.Offset
	}
	for s := d.Src[from:off]; len(s) > 0; {
		if s[0] < utf8.RuneSelf {
			p.Column++
			p.Column16++
			s = s[1:]
			continue
		}
		r, size := utf8.DecodeRune(s)
		p.Column++
		p.Column16++
		if r >= 0x10000 {
			p.Column16++
		}
		s = s[size:]
	}
	d.lastPos = p
	return p
}
