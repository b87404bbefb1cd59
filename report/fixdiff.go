package report

import (
	"bytes"

	"github.com/copydesk/copydesk/checker"
)

// FixDiff returns the unified diff of applying sorted, non-overlapping
// edits to src: the same text as UnifiedDiff(path, src,
// checker.ApplyEdits(src, edits)), but computed from the lines around the
// change, so that a diff costs what its hunks cost and not what the file
// costs (a page can have thousands of findings with fixes).
//
// It is the same text because go-diff's line diff first sets aside the
// lines the two texts share at the start and at the end, and diffs only
// the lines between. FixDiff finds those lines as go-diff would, and
// diffs a window that keeps more of them on each side than the lines
// between number, so no change can slide across the window's edge.
func FixDiff(path string, src []byte, edits []checker.Edit) string {
	if len(edits) == 0 {
		return ""
	}
	lo, hi := edits[0].Start, edits[len(edits)-1].End
	mid := make([]checker.Edit, len(edits))
	for i, e := range edits {
		mid[i] = checker.Edit{Start: e.Start - lo, End: e.End - lo, Text: e.Text}
	}
	t := fixText{old: src, lo: lo, hi: hi, mid: checker.ApplyEdits(src[lo:hi], mid)}
	newLen := t.len()

	// The common prefix of the two texts, in whole lines: it ends at
	// the start of the line holding the first differing byte.
	c := lo
	for c < len(src) && c < newLen && src[c] == t.at(c) {
		c++
	}
	if c == len(src) && c == newLen {
		return "" // the edits change nothing
	}
	pre := lineStart(src, c)

	// The common suffix, in whole lines, of what follows the prefix.
	delta := newLen - len(src)
	s := len(src) - hi
	for limit := min(len(src), newLen) - pre; s < limit && src[len(src)-1-s] == t.at(newLen-1-s); {
		s++
	}
	s = min(s, min(len(src), newLen)-pre)
	q := len(src) - s
	oldStart := q == pre || src[q-1] == '\n'
	newStart := q+delta == pre || t.at(q+delta-1) == '\n'
	if q < len(src) && (!oldStart || !newStart) {
		q = lineEnd(src, q)
	}

	// Keep more unchanged lines around the differing ones than those
	// number; bytes outside [pre, q) are the same in both texts.
	midOld := bytes.Count(src[pre:q], []byte{'\n'}) + 1
	midNew := bytes.Count(t.slice(pre, q+delta), []byte{'\n'}) + 1
	keep := max(midOld, midNew) + diffContext + 1
	a, b := pre, q
	for range keep {
		if a == 0 {
			break
		}
		a = lineStart(src, a-1)
	}
	for range keep {
		if b == len(src) {
			break
		}
		b = lineEnd(src, b)
	}
	newWindow := append(append(append([]byte(nil), src[a:pre]...), t.slice(pre, q+delta)...), src[q:b]...)
	ops := lineDiff(string(src[a:b]), string(newWindow))
	return printDiff(path, ops, bytes.Count(src[:a], []byte{'\n'}))
}

// fixText is the edited text, src[:lo] + mid + src[hi:], read in place.
type fixText struct {
	old    []byte
	lo, hi int
	mid    []byte // src[lo:hi] with the edits applied
}

func (t *fixText) len() int { return len(t.old) - (t.hi - t.lo) + len(t.mid) }

// at returns byte i of the edited text.
func (t *fixText) at(i int) byte {
	switch {
	case i < t.lo:
		return t.old[i]
	case i < t.lo+len(t.mid):
		return t.mid[i-t.lo]
	}
	return t.old[i-len(t.mid)+t.hi-t.lo]
}

// slice returns bytes [i, j) of the edited text.
func (t *fixText) slice(i, j int) []byte {
	out := make([]byte, 0, j-i)
	for k := i; k < j; {
		switch {
		case k < t.lo:
			e := min(j, t.lo)
			out = append(out, t.old[k:e]...)
			k = e
		case k < t.lo+len(t.mid):
			e := min(j, t.lo+len(t.mid))
			out = append(out, t.mid[k-t.lo:e-t.lo]...)
			k = e
		default:
			off := t.hi - t.lo - len(t.mid)
			out = append(out, t.old[k+off:j+off]...)
			k = j
		}
	}
	return out
}

// lineStart returns the offset of the start of the line holding offset i.
func lineStart(src []byte, i int) int {
	return bytes.LastIndexByte(src[:i], '\n') + 1
}

// lineEnd returns the offset just after the line holding offset i (after
// its "\n"), or len(src) for the last line.
func lineEnd(src []byte, i int) int {
	if j := bytes.IndexByte(src[i:], '\n'); j >= 0 {
		return i + j + 1
	}
	return len(src)
}
