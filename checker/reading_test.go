package checker

import (
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"github.com/copydesk/copydesk/rules"
)

// readingRules find what TestReading places: text to replace, a
// paragraph to insert at the end of the article, an attribute to add,
// and Cyrillic words.
const readingRules = `version: 1
pack: t
rules:
  - id: t/wording
    title: Wording
    forbid: {pattern: 'reporting from', replace: 'reporting by'}
  - id: t/credit
    title: Credit
    require: {pattern: '^Photos:', position: last}
    fix: {insert: '<p>Photos: <b>AP</b> &amp; staff</p>', at: end}
  - id: t/alt
    title: Alt
    scope: body
    attribute: {selector: img, name: alt, default: photo}
  - id: t/word
    title: Word
    scope: body
    forbid: {words: [иноагент]}
`

func readingEngine(t *testing.T) *Engine {
	t.Helper()
	f, err := rules.ParseRuleFile("r.yml", []byte(readingRules), rules.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	e, err := New(&rules.Set{Rules: f.Rules})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// TestReading places each finding of a small page in its text, and
// shows each fix as the text before and after.
func TestReading(t *testing.T) {
	e := readingEngine(t)
	src := "<body><nav><a href=/>Home</a></nav>\n<article><h1>Title  here</h1>\n" +
		"<p>With reporting  from AP &amp; Reuters.</p>\n<img src=a.jpg>\n</article>\n<footer><p>© Outlet</p></footer></body>"
	doc, err := Parse("a.html", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	fs, err := e.Check(doc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := e.Reading(doc)
	want := []TextBlock{
		{Tag: "nav", Text: "Home"},
		{Tag: "h1", Text: "Title here", Content: true},
		{Tag: "p", Text: "With reporting from AP & Reuters.", Content: true},
		{Tag: "p", Text: "© Outlet"},
	}
	if !reflect.DeepEqual(r.Blocks, want) {
		t.Fatalf("blocks:\n%+v\nwant\n%+v", r.Blocks, want)
	}
	byRule := map[string]*Finding{}
	for i := range fs {
		byRule[fs[i].RuleID()] = &fs[i]
	}
	if len(byRule) != 3 {
		t.Fatalf("findings of %v, want t/wording, t/credit, t/alt", fs)
	}

	// Text replaced in place.
	w := byRule["t/wording"]
	if got := r.Locate(w.Span); !reflect.DeepEqual(got, []TextRange{{Block: 2, Lo: 5, Hi: 19}}) {
		t.Errorf("t/wording at %v", got)
	} else if txt := r.Blocks[2].Text[got[0].Lo:got[0].Hi]; txt != "reporting from" {
		t.Errorf("t/wording highlights %q", txt)
	}
	wantChange := []Change{{At: 2, N: 1, Before: []string{"With reporting from AP & Reuters."}, After: []string{"With reporting by AP & Reuters."}}}
	if got := r.Changes(w.Fix); !reflect.DeepEqual(got, wantChange) {
		t.Errorf("t/wording changes %+v, want %+v", got, wantChange)
	}

	// A paragraph inserted at the end of the article: no text at fault,
	// the new block goes before the footer's.
	c := byRule["t/credit"]
	if got := r.Locate(c.Span); len(got) != 0 {
		t.Errorf("t/credit (at <article>) covers text %v", got)
	}
	if got := r.Place(c.Span.Start); got != 1 {
		t.Errorf("t/credit placed before block %d, want 1", got)
	}
	wantChange = []Change{{At: 3, After: []string{"Photos: AP & staff"}}}
	if got := r.Changes(c.Fix); !reflect.DeepEqual(got, wantChange) {
		t.Errorf("t/credit changes %+v, want %+v", got, wantChange)
	}

	// An attribute added: markup without text.
	a := byRule["t/alt"]
	wantChange = []Change{{At: 3, Markup: true, Before: []string{"<img src=a.jpg>"}, After: []string{`<img alt="photo" src=a.jpg>`}}}
	if got := r.Changes(a.Fix); !reflect.DeepEqual(got, wantChange) {
		t.Errorf("t/alt changes %+v, want %+v", got, wantChange)
	}

	// Spans that hold no text, or more than one block.
	if got := r.Locate(Span{0, len(src)}); len(got) != 4 || got[3] != (TextRange{3, 0, len("© Outlet")}) {
		t.Errorf("the whole file covers %v", got)
	}
	if got := r.Locate(Span{3, 3}); got != nil {
		t.Errorf("an empty span covers %v", got)
	}
	if got := r.Place(len(src)); got != len(r.Blocks) {
		t.Errorf("the end of the file is placed at %d", got)
	}
}

// TestReadingEncoded places findings of a windows-1251 page, whose
// offsets are bytes of the file, not of the decoded text.
func TestReadingEncoded(t *testing.T) {
	e := readingEngine(t)
	text := `<meta charset="windows-1251"><body><p>Слово «иноагент» здесь</p><p>Вот иноагент</p></body>`
	raw, err := charmap.Windows1251.NewEncoder().Bytes([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Parse("ru.html", raw)
	if err != nil {
		t.Fatal(err)
	}
	fs, err := e.Check(doc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := e.Reading(doc)
	var got []string
	for i := range fs {
		if fs[i].RuleID() != "t/word" {
			continue
		}
		for _, x := range r.Locate(fs[i].Span) {
			got = append(got, r.Blocks[x.Block].Text[x.Lo:x.Hi]+"@"+strings.Repeat("|", x.Block))
		}
	}
	if want := []string{"иноагент@", "иноагент@|"}; !reflect.DeepEqual(got, want) {
		t.Errorf("highlights %q, want %q", got, want)
	}
}

// checkReading checks that what Reading says of findings lies within its
// text (FuzzCheck runs it on every input).
func checkReading(t *testing.T, r *Reading, fs []Finding) {
	t.Helper()
	n := len(r.Blocks)
	for i := range fs {
		fd := &fs[i]
		for _, x := range r.Locate(fd.Span) {
			if x.Block < 0 || x.Block >= n || x.Lo < 0 || x.Lo >= x.Hi || x.Hi > len(r.Blocks[x.Block].Text) {
				t.Fatalf("%s: Locate(%v) gives %+v, outside the %d blocks", fd.Rule.ID, fd.Span, x, n)
			}
		}
		if p := r.Place(fd.Span.Start); p < 0 || p > n {
			t.Fatalf("%s: Place(%d) = %d of %d blocks", fd.Rule.ID, fd.Span.Start, p, n)
		}
		for _, c := range r.Changes(fd.Fix) {
			bad := c.N != len(c.Before)
			if c.Markup {
				bad = c.N != 0 || len(c.Before) != 1 || len(c.After) != 1
			}
			if c.At < 0 || c.At+c.N > n || bad {
				t.Fatalf("%s: change %+v of %d blocks", fd.Rule.ID, c, n)
			}
		}
	}
}
