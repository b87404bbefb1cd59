package report

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/checker"
)

func TestUnifiedDiff(t *testing.T) {
	lines := func(n int, f string) string {
		var b strings.Builder
		for i := 1; i <= n; i++ {
			fmt.Fprintf(&b, f, i)
		}
		return b.String()
	}
	tests := []struct {
		name, old, new, want string
	}{
		{name: "equal", old: "a\nb\n", new: "a\nb\n", want: ""},
		{
			name: "one line changed, three lines of context",
			old:  lines(9, "l%d\n"), new: strings.Replace(lines(9, "l%d\n"), "l5\n", "L5\n", 1),
			want: "--- a/p.html\n+++ b/p.html\n@@ -2,7 +2,7 @@\n l2\n l3\n l4\n-l5\n+L5\n l6\n l7\n l8\n",
		},
		{
			name: "changes six lines apart share a hunk",
			old:  lines(12, "l%d\n"), new: strings.NewReplacer("l2\n", "X\n", "l9\n", "Y\n").Replace(lines(12, "l%d\n")),
			want: "--- a/p.html\n+++ b/p.html\n@@ -1,12 +1,12 @@\n l1\n-l2\n+X\n l3\n l4\n l5\n l6\n l7\n l8\n-l9\n+Y\n l10\n l11\n l12\n",
		},
		{
			name: "changes seven lines apart get two hunks",
			old:  lines(13, "l%d\n"), new: strings.NewReplacer("l2\n", "X\n", "l10\n", "Y\n").Replace(lines(13, "l%d\n")),
			want: "--- a/p.html\n+++ b/p.html\n@@ -1,5 +1,5 @@\n l1\n-l2\n+X\n l3\n l4\n l5\n@@ -7,7 +7,7 @@\n l7\n l8\n l9\n-l10\n+Y\n l11\n l12\n l13\n",
		},
		{
			name: "insertion into an empty file",
			old:  "", new: "a\nb\n",
			want: "--- a/p.html\n+++ b/p.html\n@@ -0,0 +1,2 @@\n+a\n+b\n",
		},
		{
			name: "no line break at the end of either file",
			old:  "a\nb", new: "a\nc",
			want: "--- a/p.html\n+++ b/p.html\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n",
		},
		{
			name: "a line break added at the end",
			old:  "a\nb", new: "a\nb\n",
			want: "--- a/p.html\n+++ b/p.html\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n",
		},
		{
			name: "CRLF lines keep their CR",
			old:  "a\r\nb\r\nc\r\n", new: "a\r\nB\r\nc\r\n",
			want: "--- a/p.html\n+++ b/p.html\n@@ -1,3 +1,3 @@\n a\r\n-b\r\n+B\r\n c\r\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := UnifiedDiff("p.html", []byte(tt.old), []byte(tt.new))
			if got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
			if got != "" {
				if applied, err := applyUnified(tt.old, got); err != nil || applied != tt.new {
					t.Errorf("the diff does not turn old into new (%v):\n%q", err, applied)
				}
			}
		})
	}
}

// TestUnifiedDiffApplies applies the diffs of random line edits with an
// applier written from the unified diff format (hunk ranges checked, every
// context line checked), so hunk headers, context and the no-newline
// marker are right wherever the changes fall.
func TestUnifiedDiffApplies(t *testing.T) {
	var texts []string
	files, _ := filepath.Glob("../testdata/articles/*.html")
	for _, f := range files[:min(len(files), 4)] {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(data))
	}
	texts = append(texts, strings.Repeat("a\nb\n", 20), "x", "", "a\r\nb\r\n")
	rng := rand.New(rand.NewPCG(5, 5))
	pieces := []string{"", "n\n", "a\n", "b", "<p>new</p>\r\n", "\n"}
	for ti, text := range texts {
		ls := strings.SplitAfter(text, "\n")
		for range 200 {
			var out []string
			for _, l := range ls {
				switch rng.IntN(12) {
				case 0: // delete
				case 1:
					out = append(out, pieces[rng.IntN(len(pieces))])
				case 2:
					out = append(out, l, pieces[rng.IntN(len(pieces))])
				default:
					out = append(out, l)
				}
			}
			if rng.IntN(4) == 0 {
				out = append(out, pieces[rng.IntN(len(pieces))])
			}
			next := strings.Join(out, "")
			d := UnifiedDiff("a.html", []byte(text), []byte(next))
			if (d == "") != (text == next) {
				t.Fatalf("text %d: diff %q for texts equal=%v", ti, d, text == next)
			}
			if d == "" {
				continue
			}
			got, err := applyUnified(text, d)
			if err != nil || got != next {
				t.Fatalf("text %d: the diff does not apply (%v):\n%s", ti, err, d)
			}
		}
	}
}

// applyUnified applies a unified diff of one file to old, checking every
// hunk's ranges and context lines.
func applyUnified(old, diff string) (string, error) {
	src := strings.SplitAfter(old, "\n")
	if src[len(src)-1] == "" {
		src = src[:len(src)-1]
	}
	lines := strings.SplitAfter(diff, "\n")
	if len(lines) < 3 || !strings.HasPrefix(lines[0], "--- a/") || !strings.HasPrefix(lines[1], "+++ b/") {
		return "", fmt.Errorf("bad header")
	}
	var out []string
	at := 0 // next line of src to copy
	for i := 2; i < len(lines) && lines[i] != ""; {
		h := lines[i]
		f := strings.Fields(h)
		if len(f) < 4 || f[0] != "@@" || f[3] != "@@" {
			return "", fmt.Errorf("bad hunk header %q", h)
		}
		// "-start,count" or "-start" (a count of one).
		parse := func(s string) (int, int) {
			a, b, ok := strings.Cut(s[1:], ",")
			x, _ := strconv.Atoi(a)
			if !ok {
				return x, 1
			}
			y, _ := strconv.Atoi(b)
			return x, y
		}
		oldStart, oldN := parse(f[1])
		newStart, newN := parse(f[2])
		start := oldStart - 1
		if oldN == 0 {
			start = oldStart
		}
		if start < at {
			return "", fmt.Errorf("hunk %q overlaps the one before", h)
		}
		out = append(out, src[at:start]...)
		if len(out) != max(newStart-1, 0) && newN > 0 || newN == 0 && len(out) != newStart {
			return "", fmt.Errorf("hunk %q: new start %d, but %d lines precede it", h, newStart, len(out))
		}
		at = start
		i++
		gotOld, gotNew := 0, 0
		for ; i < len(lines) && lines[i] != "" && !strings.HasPrefix(lines[i], "@@"); i++ {
			l := lines[i]
			body := l[1:]
			if i+1 < len(lines) && strings.HasPrefix(lines[i+1], "\\ No newline") {
				body = strings.TrimSuffix(body, "\n")
			}
			switch l[0] {
			case ' ', '-':
				if at >= len(src) || src[at] != body {
					return "", fmt.Errorf("hunk %q: line %d is %q, the diff says %q", h, at+1, safe(src, at), body)
				}
				at++
				gotOld++
				if l[0] == ' ' {
					out = append(out, body)
					gotNew++
				}
			case '+':
				out = append(out, body)
				gotNew++
			case '\\':
			default:
				return "", fmt.Errorf("bad line %q", l)
			}
		}
		if gotOld != oldN || gotNew != newN {
			return "", fmt.Errorf("hunk %q has %d old and %d new lines", h, gotOld, gotNew)
		}
	}
	out = append(out, src[at:]...)
	return strings.Join(out, ""), nil
}

func safe(src []string, i int) string {
	if i < len(src) {
		return src[i]
	}
	return "(end of file)"
}

func TestLineEdits(t *testing.T) {
	many := func(n int, f string) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, f, i)
		}
		return b.String()
	}
	tests := []struct {
		name, a, b string
		edits      int // -1: any number
	}{
		{"equal", "a\nb\n", "a\nb\n", 0},
		{"one line", "a\nb\nc\n", "a\nB\nc\n", 1},
		{"two runs", "a\nb\nc\nd\ne\n", "A\nb\nc\nd\nE\n", 2},
		{"insert at start", "a\n", "x\ny\na\n", 1},
		{"delete at end", "a\nb\n", "a\n", 1},
		{"no final newline", "a\nb", "a\nB", 1},
		{"newline added at end", "a\nb", "a\nb\n", 1},
		{"from empty", "", "a\n", 1},
		{"to empty", "a\nb\n", "", 1},
		{"crlf", "a\r\nb\r\n", "a\r\nB\r\n", 1},
		{"more distinct lines than go-diff numbers", many(60000, "l%d\n"), strings.Replace(many(60000, "l%d\n"), "l7\n", "L7\n", 1), -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			edits := LineEdits(tt.a, tt.b)
			if tt.edits >= 0 && len(edits) != tt.edits {
				t.Errorf("%d edits, want %d: %+v", len(edits), tt.edits, edits)
			}
			for i, e := range edits {
				if e.Start > e.End || i > 0 && e.Start < edits[i-1].End {
					t.Fatalf("edit %d [%d,%d) out of order or overlapping: %+v", i, e.Start, e.End, edits)
				}
				if e.Start > 0 && tt.a[e.Start-1] != '\n' {
					t.Errorf("edit %d starts inside a line (offset %d)", i, e.Start)
				}
			}
			if got := string(checker.ApplyEdits([]byte(tt.a), edits)); got != tt.b {
				t.Errorf("applying the edits gives %q, want %q", shorten(got), shorten(tt.b))
			}
		})
	}
}

func shorten(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}
