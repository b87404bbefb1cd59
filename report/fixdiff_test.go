package report

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/checker"
)

// TestFixDiffMatchesUnifiedDiff checks FixDiff against the diff of the
// whole files, over random edits of the test articles and of texts made
// of few distinct lines (where a line diff has most freedom to slide).
func TestFixDiffMatchesUnifiedDiff(t *testing.T) {
	var texts []string
	files, _ := filepath.Glob("../testdata/articles/*.html")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(data))
	}
	texts = append(texts,
		strings.Repeat("a\n", 40),
		strings.Repeat("a\nb\n", 30)+"c",
		strings.Repeat("<p>x</p>\n", 20)+strings.Repeat("<p>y</p>\n", 20),
		"no newline at all",
		"",
		"\n\n\n",
		"one\r\ntwo\r\nthree\rfour\n")
	pieces := []string{"", "a\n", "b", "\n", "a\nb\n", "<p>x</p>\n", "x", "\n\n", "a\na\na\na\na\na\n"}
	rng := rand.New(rand.NewPCG(7, 7))
	for ti, text := range texts {
		src := []byte(text)
		for range 300 {
			var edits []checker.Edit
			at := 0
			for range 1 + rng.IntN(3) {
				if at > len(src) {
					break
				}
				start := at + rng.IntN(min(len(src)-at, 200)+1)
				end := start + rng.IntN(min(len(src)-start, 30)+1)
				if rng.IntN(3) == 0 {
					end = start
				}
				if len(edits) > 0 && start == end && edits[len(edits)-1].End == start {
					break
				}
				edits = append(edits, checker.Edit{Start: start, End: end, Text: pieces[rng.IntN(len(pieces))]})
				at = end + 1
			}
			want := UnifiedDiff("a.html", src, checker.ApplyEdits(src, edits))
			if got := FixDiff("a.html", src, edits); got != want {
				t.Fatalf("text %d, edits %+v:\ngot:\n%s\nwant:\n%s", ti, edits, got, want)
			}
		}
	}
}
