package checker

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// hostileShapes are the inputs of issue 14 at 4 MB: one paragraph of
// "a\n", "a\r" or "a  ", a million-paragraph page cut to size, list
// items, figures, and a page of "lorem ipsum " (a finding a word).
func hostileShapes() []struct{ name, src string } {
	const size = 4 << 20
	repeat := func(prefix, unit string) string { return prefix + strings.Repeat(unit, size/len(unit)) }
	return []struct{ name, src string }{
		{"a-LF", repeat("<p>", "a\n")},
		{"a-CR", repeat("<p>", "a\r")},
		{"a-2SP", repeat("<p>", "a  ")},
		{"p", repeat("", "<p>abcd\n")},
		{"li", repeat("<ul>", "<li>abc\n")},
		{"figure", repeat("", `<figure><img src="photo.jpg"><figcaption>Photo</figcaption></figure>`+"\n")},
		{"lorem", repeat("", "lorem ipsum ")},
	}
}

// BenchmarkHostile checks each hostile shape (the default and
// jurisdiction packs of testdata/bench/packs.copydesk.yml), beside
// html.Parse of the same bytes: compare check/X with parse/X. The pages
// of tiny elements (p, li, figure) are over their node budget: for them
// check/X is what refusing them costs.
func BenchmarkHostile(b *testing.B) {
	e, opts := benchEngine(b, "packs")
	for _, sh := range hostileShapes() {
		src := []byte(sh.src)
		b.Run("parse/"+sh.name, func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := html.Parse(bytes.NewReader(src)); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("check/"+sh.name, func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				doc, err := ParseFile("hostile.html", src)
				if errors.Is(err, ErrTooManyNodes) {
					continue
				}
				if err != nil {
					b.Fatal(err)
				}
				if _, err := e.Check(doc, opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
