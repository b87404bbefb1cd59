package ledger

import (
	"bytes"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/checker"
	"github.com/copydesk/copydesk/rules"
	"golang.org/x/net/html"
	"golang.org/x/text/encoding/charmap"
)

const keyPage = `<!DOCTYPE html><html><body><div class="main wide"><article>
<p>The council met on Tuesday.</p>
<figure><img src="a.jpg" alt=""><figcaption>The old bridge.</figcaption></figure>
<figure class="lead"><img src="b.jpg" alt=""><figcaption>The new   bridge, <b>at night</b>, from the river bank.</figcaption></figure>
</article></div></body></html>`

// findAt returns a finding of rule id whose span is what span picks in
// the document's second figure.
func findAt(t *testing.T, src string, span func(d *checker.Document, fig *html.Node) checker.Span) Finding {
	t.Helper()
	d, err := checker.ParseFile("p.html", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	sel, _ := checker.CompileSelector("figure.lead")
	fig := d.QueryFirst(d.Root, sel.Group)
	if fig == nil {
		t.Fatal("no figure.lead")
	}
	s := span(d, fig)
	s.Start, s.End = d.FileOffset(s.Start), d.FileOffset(s.End)
	return keyed(d, checker.Finding{Rule: &rules.Rule{ID: "x/credit"}, Span: s})
}

// TestKeyStable checks that a finding's key names its element and text,
// and that neither an edit elsewhere in the page nor a span that grows or
// shrinks within the element changes it.
func TestKeyStable(t *testing.T) {
	startTag := func(d *checker.Document, n *html.Node) checker.Span { return d.StartTag(n) }
	whole := func(d *checker.Document, n *html.Node) checker.Span { return d.Span(n) }
	caption := func(d *checker.Document, n *html.Node) checker.Span { return d.Inner(n.LastChild) }
	base := findAt(t, keyPage, startTag)
	if want := "html>body>div.main>article>figure.lead[2]"; base.Path != want {
		t.Errorf("path %q, want %q", base.Path, want)
	}
	if want := "The new bridge, at night, from the river bank."; base.Text != want {
		t.Errorf("text %q, want %q", base.Text, want)
	}
	for name, tt := range map[string]struct {
		src  string
		span func(*checker.Document, *html.Node) checker.Span
	}{
		"whole figure":         {keyPage, whole},
		"paragraph added":      {strings.Replace(keyPage, "<p>The council", "<p>A new first paragraph.</p><p>The council", 1), startTag},
		"attribute changed":    {strings.Replace(keyPage, `src="a.jpg"`, `src="https://cdn.example.com/a-1024.jpg" loading="lazy"`, 1), startTag},
		"text before changed":  {strings.Replace(keyPage, "met on Tuesday", "met on Tuesday and again on Friday", 1), startTag},
		"white space and CRLF": {strings.ReplaceAll(keyPage, "\n", "\r\n\t"), startTag},
	} {
		got := findAt(t, tt.src, tt.span)
		if got.Key() != base.Key() {
			t.Errorf("%s: key %q, want %q", name, got.Key(), base.Key())
		}
	}
	// The caption alone is a different element: a different key.
	if got := findAt(t, keyPage, caption); got.Path != base.Path+">figcaption" || got.Text != base.Text {
		t.Errorf("caption: path %q text %q", got.Path, got.Text)
	}
	// Long texts are cut.
	long := strings.Replace(keyPage, "The new   bridge", strings.Repeat("word ", 30)+"bridge", 1)
	full := strings.Repeat("word ", 30) + "bridge, at night, from the river bank."
	if got := findAt(t, long, startTag); len([]rune(got.Text)) > textRunes || len([]rune(got.Text)) < textRunes-1 || !strings.HasPrefix(full, got.Text) || strings.HasSuffix(got.Text, " ") {
		t.Errorf("long text: %d characters, want the first %d (less a final space): %q", len([]rune(got.Text)), textRunes, got.Text)
	}
}

// TestKeyEncoded checks keys on a page in a legacy encoding: the
// finding's span is an offset into the file, the tree's into the
// decoded text.
func TestKeyEncoded(t *testing.T) {
	src := strings.Replace(keyPage, "<html>", `<html><head><meta charset="windows-1251"></head>`, 1)
	src = strings.Replace(src, "The new   bridge", "Новый мост", 1)
	enc, err := charmap.Windows1251.NewEncoder().String(src)
	if err != nil {
		t.Fatal(err)
	}
	got := findAt(t, enc, func(d *checker.Document, n *html.Node) checker.Span { return d.StartTag(n) })
	if want := "Новый мост, at night, from the river bank."; got.Text != want || got.Path != "html>body>div.main>article>figure.lead[2]" {
		t.Errorf("text %q path %q, want %q in figure.lead[2]", got.Text, got.Path, want)
	}
}

// TestNumber checks that findings with the same key are told apart by
// their order.
func TestNumber(t *testing.T) {
	fs := []Finding{
		{Entry: Entry{Rule: "a/b", Text: "TKTK", Path: "html>body>p"}},
		{Entry: Entry{Rule: "a/b", Text: "TKTK", Path: "html>body>p"}},
		{Entry: Entry{Rule: "a/c", Text: "TKTK", Path: "html>body>p"}},
		{Entry: Entry{Rule: "a/b", Text: "TKTK", Path: "html>body>p"}},
	}
	number(fs)
	var paths []string
	for _, f := range fs {
		paths = append(paths, f.Path)
	}
	want := "html>body>p|html>body>p #2|html>body>p|html>body>p #3"
	if got := strings.Join(paths, "|"); got != want {
		t.Errorf("paths %s, want %s", got, want)
	}
}

// TestFormat checks that a ledger reads back as written, and that a
// broken one is an error naming the line.
func TestFormat(t *testing.T) {
	l := &Ledger{Entries: []Entry{
		{Page: "aeb/10.html", Rule: "x/y", Verdict: True, Text: "b", Path: "html>body", Reason: "the  caption\thas none"},
		{Page: "aeb/2.html", Rule: "x/y", Verdict: Unknown, Text: "", Path: "html>body>figure"},
		{Page: "aeb/2.html", Rule: "x/a", Verdict: False, Text: "a", Path: "html>body>p #2", Reason: "a joke"},
	}}
	var buf bytes.Buffer
	if err := l.Write(&buf, []string{"a header", ""}); err != nil {
		t.Fatal(err)
	}
	back, err := Parse("t.tsv", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	var pages []string
	for _, e := range back.Entries {
		pages = append(pages, e.Page+" "+e.Rule)
	}
	if got, want := strings.Join(pages, ", "), "aeb/2.html x/a, aeb/2.html x/y, aeb/10.html x/y"; got != want {
		t.Errorf("order %s, want %s", got, want)
	}
	if r := back.Entries[2].Reason; r != "the caption has none" {
		t.Errorf("reason %q: tabs and runs of spaces are one space", r)
	}
	if !strings.HasPrefix(buf.String(), "# a header\n#\n# page\trule\tverdict") {
		t.Errorf("header:\n%s", buf.String())
	}
	for src, want := range map[string]string{
		"a.html\tx/y\tmaybe\tt\tp\treason\n":                         `t.tsv:1: verdict "maybe", want true, false or ?`,
		"# c\na.html\tx/y\ttrue\n":                                   "t.tsv:2: 3 tab-separated fields, want 6",
		"a.html\tx/y\ttrue\tt\tp\tr\na.html\tx/y\tfalse\tt\tp\tr2\n": "t.tsv:2: the same finding as line 1",
		"a.html\t\ttrue\tt\tp\tr\n":                                  "t.tsv:1: empty page, rule or path",
	} {
		if _, err := Parse("t.tsv", []byte(src)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want %q", src, err, want)
		}
	}
}

// TestUpdate checks that update keeps verdicts, borrows them from the
// other section, carries them over from a finding whose text moved within
// its element, and lists what is gone.
func TestUpdate(t *testing.T) {
	l := &Ledger{Entries: []Entry{
		{Page: "a.html", Rule: "x/y", Verdict: True, Text: "kept", Path: "p", Reason: "r1"},
		{Page: "a.html", Rule: "x/y", Verdict: False, Text: "A caption", Path: "figure", Reason: "r2"},
		{Page: "a.html", Rule: "x/y", Verdict: True, Text: "gone", Path: "div", Reason: "r3"},
	}}
	other := &Ledger{Entries: []Entry{{Page: "b.html", Rule: "x/y", Verdict: False, Text: "t", Path: "p", Reason: "r4"}}}
	now := []Entry{
		{Page: "a.html", Rule: "x/y", Text: "kept", Path: "p"},
		{Page: "a.html", Rule: "x/y", Text: "A caption that grew", Path: "figure"},
		{Page: "b.html", Rule: "x/y", Text: "t", Path: "p"},
		{Page: "b.html", Rule: "x/y", Text: "new", Path: "p"},
		{Page: "a.html", Rule: "x/y", Text: "changed", Path: "div"},
	}
	up, gone, carried := Update(l, now, other)
	var got []string
	for _, e := range up.Entries {
		got = append(got, e.Text+"="+e.Verdict+":"+e.Reason)
	}
	if want := "A caption that grew=false:r2|changed=true:r3|kept=true:r1|new=?:|t=false:r4"; strings.Join(got, "|") != want {
		t.Errorf("updated %s, want %s", strings.Join(got, "|"), want)
	}
	if len(gone) != 0 || len(carried) != 2 {
		t.Errorf("gone %v, carried %v", gone, carried)
	}
	diffs := Compare(l, now)
	if len(diffs) != 1 || len(diffs[0].New) != 4 || len(diffs[0].Gone) != 2 || diffs[0].True != 1 || diffs[0].PrecisionString() != "100% (1/1)" {
		t.Errorf("compare: %+v", diffs)
	}
}
