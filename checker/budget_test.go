package checker

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestNodeBudget: a page of more nodes and attributes than its budget is
// refused with an error at the tag that took it over, before its tree is
// built further; one within it is read whole.
func TestNodeBudget(t *testing.T) {
	// 140,000 paragraphs: 280,004 nodes in 700,000 bytes (the document,
	// the html, head and body elements the builder keeps aside, two a
	// paragraph), whose budget is 250,000 + 700,000/32 = 271,875: the text
	// of paragraph 135,936 is the node over it.
	tiny := strings.Repeat("<p>a\n", 140_000)
	// 400,000 attributes of one tag, in 3.2 MB: budget 350,000 (the tag's
	// attributes are counted before any is stored).
	var attrs strings.Builder
	attrs.WriteString("<p>ok</p>\n<p")
	for i := range 400_000 {
		fmt.Fprintf(&attrs, " a%06d", i)
	}
	attrs.WriteString(">x</p>")
	for _, tt := range []struct {
		name, src string
		line, col int // of the error; 0: no error
	}{
		{"tiny elements", tiny, 135_936, 4},
		{"attributes of one tag", attrs.String(), 2, 1},
		{"within the budget", strings.Repeat("<p>a\n", 120_000), 0, 0},
		{"prose within the budget", strings.Repeat("<p>Some words of a paragraph, as articles have them.</p>\n", 40_000), 0, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse("page.html", []byte(tt.src))
			if tt.line == 0 {
				if err != nil {
					t.Fatalf("a page within its budget (%d nodes, budget %d): %v", d.nodes, nodeBudget(len(tt.src)), err)
				}
				return
			}
			var fe *FileError
			if !errors.As(err, &fe) || !errors.Is(err, ErrTooManyNodes) {
				t.Fatalf("err = %v, want a FileError wrapping ErrTooManyNodes", err)
			}
			if fe.Pos.Line != tt.line || fe.Pos.Column != tt.col {
				t.Errorf("error at %d:%d, want %d:%d", fe.Pos.Line, fe.Pos.Column, tt.line, tt.col)
			}
			if want := fmt.Sprintf("more than %d elements, text nodes and attributes in a file of %d bytes", nodeBudget(len(tt.src)), len(tt.src)); !strings.Contains(err.Error(), want) {
				t.Errorf("message %q lacks %q", err, want)
			}
		})
	}
}

// TestCorpusWithinNodeBudget: real pages are far below their node budget
// (a tenth of it at most), so that the budget refuses nothing but pages
// made of tiny elements.
func TestCorpusWithinNodeBudget(t *testing.T) {
	most, mostPage := 0.0, ""
	for _, path := range corpusPages(t) {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		d, err := ParseFile(path, src)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		attrs := 0
		for n := d.Root; n != nil; n = nextInTree(n, d.Root) {
			attrs += len(n.Attr)
		}
		used := float64(int(d.nodes)+attrs) / float64(nodeBudget(len(src)))
		if used > most {
			most, mostPage = used, path
		}
	}
	t.Logf("the most of its budget a page uses: %.1f%% (%s)", 100*most, mostPage)
	if most > 0.1 {
		t.Errorf("%s uses %.0f%% of its node budget", mostPage, 100*most)
	}
}
