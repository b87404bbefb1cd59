package report

import (
	"fmt"
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"

	"github.com/copydesk/copydesk/checker"
)

// diffContext is the number of unchanged lines around each change.
const diffContext = 3

// lineOp is one line of a line diff.
type lineOp struct {
	kind byte // ' ', '-' or '+'
	text string
}

// UnifiedDiff returns a unified diff (git style: "--- a/path", "+++
// b/path", hunks with three lines of context) that turns old into new,
// or "" when they are equal. It applies with git apply and patch -p1.
// The line diff comes from go-diff's line mode; the hunks are printed
// here, as go-diff's own patch text is not a unified diff.
func UnifiedDiff(path string, old, new []byte) string {
	if string(old) == string(new) {
		return ""
	}
	return printDiff(path, lineDiff(string(old), string(new)), 0)
}

// LineEdits returns edits of a, sorted and not overlapping, that turn it
// into b a line at a time (a line ends after "\n"): each run of changed
// lines is one edit. An editor applies them to fix a whole file and
// keeps the lines around them, and its cursor, as they were.
func LineEdits(a, b string) []checker.Edit {
	if a == b {
		return nil
	}
	var edits []checker.Edit
	at := 0
	var cur *checker.Edit
	var text strings.Builder
	flush := func() {
		if cur != nil {
			cur.Text = text.String()
			edits = append(edits, *cur)
			cur = nil
			text.Reset()
		}
	}
	for _, op := range lineDiff(a, b) {
		if op.kind == ' ' {
			flush()
			at += len(op.text)
			continue
		}
		if cur == nil {
			cur = &checker.Edit{Start: at, End: at}
		}
		if op.kind == '-' {
			at += len(op.text)
			cur.End = at
		} else {
			text.WriteString(op.text)
		}
	}
	flush()
	return edits
}

// printDiff prints a line diff as a unified diff; base is the number of
// lines of both files before the first op.
func printDiff(path string, ops []lineOp, base int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "--- a/%s\n+++ b/%s\n", path, path)
	for i := 0; i < len(ops); {
		// Find the next change.
		for i < len(ops) && ops[i].kind == ' ' {
			i++
		}
		if i == len(ops) {
			break
		}
		start := max(i-diffContext, 0)
		// Extend the hunk while the next change is close enough.
		end := i
		for end < len(ops) {
			if ops[end].kind != ' ' {
				end++
				continue
			}
			run := end
			for run < len(ops) && ops[run].kind == ' ' {
				run++
			}
			if run == len(ops) || run-end > 2*diffContext {
				end = min(end+diffContext, len(ops))
				break
			}
			end = run
		}
		writeHunk(&b, ops, start, end, base)
		i = end
	}
	return b.String()
}

// writeHunk prints ops[start:end] as one hunk; base lines precede ops.
func writeHunk(b *strings.Builder, ops []lineOp, start, end, base int) {
	oldLine, newLine := base+1, base+1
	for _, op := range ops[:start] {
		if op.kind != '+' {
			oldLine++
		}
		if op.kind != '-' {
			newLine++
		}
	}
	oldN, newN := 0, 0
	for _, op := range ops[start:end] {
		if op.kind != '+' {
			oldN++
		}
		if op.kind != '-' {
			newN++
		}
	}
	if oldN == 0 {
		oldLine--
	}
	if newN == 0 {
		newLine--
	}
	fmt.Fprintf(b, "@@ -%s +%s @@\n", hunkRange(oldLine, oldN), hunkRange(newLine, newN))
	for _, op := range ops[start:end] {
		b.WriteByte(op.kind)
		b.WriteString(op.text)
		if !strings.HasSuffix(op.text, "\n") {
			b.WriteString("\n\\ No newline at end of file\n")
		}
	}
}

func hunkRange(line, n int) string {
	if n == 1 {
		return fmt.Sprint(line)
	}
	return fmt.Sprintf("%d,%d", line, n)
}

// lineDiff diffs two texts line by line with go-diff's line mode.
func lineDiff(a, b string) []lineOp {
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0
	ra, rb, lines := dmp.DiffLinesToRunes(a, b)
	if len(lines) >= 0xD800 {
		// go-diff numbers lines with runes, and numbers from the
		// surrogate range do not survive its string round trip.
		return prefixSuffixDiff(a, b)
	}
	var ops []lineOp
	for _, d := range dmp.DiffMainRunes(ra, rb, false) {
		kind := byte(' ')
		switch d.Type {
		case diffmatchpatch.DiffDelete:
			kind = '-'
		case diffmatchpatch.DiffInsert:
			kind = '+'
		}
		for _, r := range d.Text {
			ops = append(ops, lineOp{kind: kind, text: lines[r]})
		}
	}
	return ops
}

// prefixSuffixDiff is a coarse line diff for texts with too many distinct
// lines for go-diff: the common leading and trailing lines are kept, and
// everything between is one replacement.
func prefixSuffixDiff(a, b string) []lineOp {
	la, lb := strings.SplitAfter(a, "\n"), strings.SplitAfter(b, "\n")
	if la[len(la)-1] == "" {
		la = la[:len(la)-1]
	}
	if lb[len(lb)-1] == "" {
		lb = lb[:len(lb)-1]
	}
	p := 0
	for p < len(la) && p < len(lb) && la[p] == lb[p] {
		p++
	}
	s := 0
	for s < len(la)-p && s < len(lb)-p && la[len(la)-1-s] == lb[len(lb)-1-s] {
		s++
	}
	var ops []lineOp
	for _, l := range la[:p] {
		ops = append(ops, lineOp{' ', l})
	}
	for _, l := range la[p : len(la)-s] {
		ops = append(ops, lineOp{'-', l})
	}
	for _, l := range lb[p : len(lb)-s] {
		ops = append(ops, lineOp{'+', l})
	}
	for _, l := range la[len(la)-s:] {
		ops = append(ops, lineOp{' ', l})
	}
	return ops
}
