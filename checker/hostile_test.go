package checker

import (
	"fmt"
	"strings"
	"testing"
)

// TestHostileInputs checks every built-in pack on inputs built to hit the
// slow paths of a parser and a linter: one long line with thousands of
// findings (columns are counted from checkpoints, not from the line start
// each time), a tag with thousands of attributes (duplicate keys found
// through a set), thousands of figures, links and duplicated paragraphs,
// unclosed elements by the hundred thousand. Each must give valid
// findings; one that went quadratic again would take minutes here instead
// of a fraction of a second, and time the test out.
func TestHostileInputs(t *testing.T) {
	eng, err := fuzzEngine()
	if err != nil {
		t.Fatal(err)
	}
	// n scales the inputs: linear code takes a fraction of a second at
	// full size; the race detector's slowdown is allowed for.
	n := func(k int) int {
		if raceEnabled || testing.Short() {
			return k / 5
		}
		return k
	}
	var attrs strings.Builder
	attrs.WriteString("<p")
	for i := range n(50000) {
		fmt.Fprintf(&attrs, " a%d=x A%d=y", i, i) // every second key repeats the one before in another case
	}
	attrs.WriteString(" \u212a=k k=K>x</p>") // the Kelvin sign is not k to the tokenizer
	tests := []struct {
		name, src   string
		minFindings int
	}{
		{"findings on one long line", "<article>" + strings.Repeat("<img src=a.jpg>", n(20000)) + "</article>", n(20000)},
		{"many attributes", attrs.String(), 0},
		{"many figures", "<article>" + strings.Repeat("<figure><img src=a.jpg><figcaption>x</figcaption></figure>", n(5000)) + "</article>", n(5000)},
		{"many links", "<article>" + strings.Repeat("<a href=x target=_blank>l</a>", n(10000)) + "</article>", n(10000)},
		{"duplicated paragraphs", "<article>" + strings.Repeat("<p>This is the same paragraph repeated over and over again.</p>", n(4000)) + "</article>", n(4000) - 1},
		{"headings in headings", strings.Repeat("<h1><h2>", n(5000)), n(5000)},
		{"unclosed paragraphs", strings.Repeat("<p>x", n(20000)), 0},
		{"unclosed list items", "<ul>" + strings.Repeat("<li>x", n(20000)), 0},
		{"100 000 nested elements", strings.Repeat("<div>", 100000) + "<figure><img src=a.jpg></figure><p>Text TK</p>" + strings.Repeat("</div>", 100000), 2},
		{"nested links", strings.Repeat("<a>", n(50000)), 0},
		{"nested tables", strings.Repeat("<table><tr><td>", n(20000)), 0},
		{"nested inline", "<p>" + strings.Repeat("<b>", n(50000)) + "x", 0},
		{"nested svg and paragraphs", strings.Repeat("<svg><p>", n(20000)), 0},
		{"entities", "<p>" + strings.Repeat("&amp;&#8212;&nbsp", n(50000)), 0},
		{"comments", strings.Repeat("<!-- c --><p>x</p>", n(20000)), 0},
		{"suppression comments", "<article>" + strings.Repeat("<!-- copydesk-ignore editorial/duplicate-paragraph -- quoted twice on purpose --><p>This is the same paragraph repeated over and over again.</p>\n", n(8000)) + "</article>", n(8000) - 1},
		{"suppression comments before one element", strings.Repeat("<!-- copydesk-ignore editorial/duplicate-paragraph -- on purpose -->\n", n(20000)) +
			"<article><p>This is the same paragraph repeated over and over again.</p><p>This is the same paragraph repeated over and over again.</p></article>", 1},
		{"one block without spaces", "<article><p>" + strings.Repeat("x", n(1<<18)) + "</p></article>", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := ParseFile(tt.name, []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			// No caps on findings: the slow paths are those of many findings.
			fs, err := eng.Check(d, Options{Jurisdictions: []string{"ru"}, MaxFindings: -1, MaxPerRule: -1})
			if err != nil {
				t.Fatal(err)
			}
			if len(fs) < tt.minFindings {
				t.Errorf("%d findings, want at least %d", len(fs), tt.minFindings)
			}
			for i := range fs {
				checkFinding(t, d, &fs[i])
			}
		})
	}
	// The attribute scan agrees with the tokenizer, key for key.
	d, err := Parse("attrs", []byte(attrs.String()))
	if err != nil {
		t.Fatal(err)
	}
	p := d.Elements()[0]
	if len(d.Warnings) > 0 || len(p.Attr) != n(50000)+2 || len(d.Attrs(p)) != n(50000)+2 {
		t.Errorf("%d attributes, %d spans, warnings %v", len(p.Attr), len(d.Attrs(p)), d.Warnings)
	}
}
