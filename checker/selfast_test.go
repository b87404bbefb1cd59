package checker

import (
	"fmt"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// TestFastPatterns checks which :matches() CompileSelector looks up by
// literals first (selfast.go), at any depth of the selector, and that
// it finds some: a cascadia release that renames its selector types
// would leave every pattern slow without this test failing elsewhere.
func TestFastPatterns(t *testing.T) {
	for _, tc := range []struct {
		sel  string
		want int
	}{
		{`p:matches((?i)youtube|vimeo|google maps)`, 1},
		{`p:matchesOwn((?i)\bsuicid|\bself[- ]harm)`, 1},
		{`div > p:not(:matches((?i)cookie|consent)), li`, 1},
		{`figure:has(figcaption:matches(Reuters|AP)) + p:matches(said|told)`, 2},
		{`p:haschild(span:matches(a+b|c+d))`, 1},
		{`p:matches(^\s*(?i:photo|foto))`, 1},
		{`p:matches(\?\s*$)`, 1},
		// No literal is required.
		{`p:matches(\p{Lu}\p{Ll}+)`, 0},
		{`p:matches(^[^:]{0,30}$)`, 0},
		{`p[class*=credit]`, 0},
	} {
		g, err := cascadia.ParseGroup(tc.sel)
		if err != nil {
			t.Fatal(err)
		}
		if got := fastPatterns(g); got != tc.want {
			t.Errorf("%s: %d patterns looked up by literals, want %d", tc.sel, got, tc.want)
		}
		if g.String() != mustGroup(t, tc.sel).String() {
			t.Errorf("%s: prints as %s, want %s", tc.sel, g, mustGroup(t, tc.sel))
		}
	}
}

func mustGroup(t *testing.T, sel string) cascadia.SelectorGroup {
	t.Helper()
	g, err := cascadia.ParseGroup(sel)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// TestFastPatternsMatch compares the answers of selectors compiled with
// and without the literal look-up on markup made to trip it: text split
// over elements and comments, case folding, own text, broken UTF-8
// split over text nodes.
func TestFastPatternsMatch(t *testing.T) {
	pages := []string{
		`<p>Watch on <b>You</b>Tube</p><p>you<!-- x -->tube</p><p>nothing here</p>`,
		`<div><p>See our <a>Twitter</a> feed</p><p>YOUTUBE</p><p>ＹＯＵＴＵＢＥ</p></div>`,
		`<p>Ein Vimeo-Video. Klicken Sie hier, um es zu laden.</p><p>Google Maps laden</p>`,
		`<p><span>self-</span>harm</p><p>self harm</p><p>Self Harm</p><p>selfharm</p>`,
		"<p>\xe2<!-- -->\x80\x9cquoted\xe2\x80\x9d</p><p>\xe2\x80<!---->\x9c</p>",
		`<p>Suicid<i>e</i> prevention</p><p>suicidal</p><p>SUİCİDE</p><p>ſuicide</p>`,
		`<ul><li>Kelvin: 5 K</li><li>k</li></ul><p>The Kelvin sign K</p>`,
		`<p>“Quoted,” she said.</p><p>"Straight quotes"</p><p>© 2024 AP</p><p>(C)  2019 Reuters</p><p>Copyright 2020</p>`,
		`<p>Photo: Reuters</p><p>REUTERS/Jane Doe</p><figure><figcaption>AP Photo</figcaption></figure><p>she said</p>`,
	}
	sels := []string{
		`p:matches((?i)youtube|vimeo|twitter|google maps)`,
		`p:matches((?i)youtube|vimeo|twitter|google maps):matches((?i)klick|laden|\bload)`,
		`p:matchesOwn((?i)youtube|twitter)`,
		`p:matches((?i)\bsuicid|\bself[- ]harm)`,
		`p:matches(\bquoted|\x{201c})`,
		`li:matches((?i)kelvin|\bk\b)`,
		`:not(:matches((?i)suicid|self)):matches(Reuters|AP)`,
		`figure:has(figcaption:matches(Reuters|AP)) ~ p:matches(said|told)`,
		`p:matches(Reuters|AP)`,
		`p:matches(^\s*[“"][^”"]{5})`,
		`p:matches(\p{Lu}\p{Ll}+ [“"])`,
		`li:matchesOwn(^[^:]{0,12}$)`,
		`p:matches((?i)^\s*(?:©|\(c\)|copyright)\s*\d{4})`,
	}
	// Patterns with no literal to look up are still matched without
	// joining the text where it is one text node.
	noLiterals := map[string]bool{`p:matches(\p{Lu}\p{Ll}+ [“"])`: true, `li:matchesOwn(^[^:]{0,12}$)`: true}
	if files := corpusFiles(); len(files) > 0 {
		for _, f := range files[:min(len(files), 12)] {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			pages = append(pages, string(src))
		}
	} else {
		t.Log("no shared corpus: markup of the test only")
	}
	for _, sel := range sels {
		fast := mustGroup(t, sel)
		if fastPatterns(fast) == 0 && !noLiterals[sel] {
			t.Fatalf("%s: no pattern looked up by literals", sel)
		}
		plain := mustGroup(t, sel)
		matched := 0
		for i, page := range pages {
			doc, err := Parse("page.html", []byte(page))
			if err != nil {
				t.Fatal(err)
			}
			doc.each(doc.Root, func(n *html.Node) bool {
				got, want := fast.Match(n), plain.Match(n)
				if got != want {
					t.Errorf("%s on page %d, <%s> %q: %v, cascadia says %v", sel, i, n.Data, nodeTextOf(n), got, want)
				}
				if want {
					matched++
				}
				return true
			})
		}
		if matched == 0 {
			t.Errorf("%s matches nothing: the comparison tells nothing", sel)
		}
	}
}

// nodeTextOf returns the start of the text of n, for messages.
func nodeTextOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil && b.Len() < 80; c = c.NextSibling {
			if c.Type == html.TextNode {
				b.WriteString(c.Data)
			}
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// TestSelectorsMatchCascadia compares every selector of the built-in
// packs (the benchmark config's engine), as the engine compiles them,
// with cascadia's own compilation of the same source, element by
// element, on markup made for class lists and on corpus pages.
func TestSelectorsMatchCascadia(t *testing.T) {
	pages := []string{
		`<div class="related-box"><p class="x">a</p></div><div class="  "><p class="Related">b</p></div>` +
			`<aside class="comment-list teaser"><p>c</p></aside><div class="ad-slot"><p class="ad">d</p></div>` +
			"<div class=\"caption\xff\"><p class=\"te\xffaser\">e</p></div><div id=\"comments\" class=\"faq-item\"><h1>f</h1></div>" +
			`<figure class="card"><img src="a.jpg"><figcaption class="credit">Photo: AP</figcaption></figure>`,
	}
	files := corpusFiles()
	if len(files) == 0 {
		t.Log("no shared corpus: markup of the test only")
	}
	for i := 0; i < len(files) && i < 300; i += 50 {
		src, err := os.ReadFile(files[i])
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, string(src))
	}
	var docs []*Document
	for _, page := range pages {
		doc, err := Parse("page.html", []byte(page))
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, doc)
	}
	e, _ := benchEngine(&testing.B{}, "packs")
	fused := 0
	for src, s := range e.selectors {
		if s.attrs != nil {
			fused++
		}
		plain := mustGroup(t, src)
		for i, doc := range docs {
			doc.each(doc.Root, func(n *html.Node) bool {
				if got, want := s.Match(n), plain.Match(n); got != want {
					t.Errorf("%.80s on page %d, <%s class=%q>: %v, cascadia says %v", src, i, n.Data, attrOf(n, "class"), got, want)
				}
				return true
			})
		}
	}
	if fused == 0 {
		t.Error("no selector of the packs tries class substrings together")
	}
}

func attrOf(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// TestFoldsAlone checks foldsAlone against foldRune over the characters
// the scanner folds by table and the quotes and dashes it normalises.
func TestFoldsAlone(t *testing.T) {
	for c := 1; c < utf8.RuneSelf; c++ {
		alone := foldRune(rune(c)) == rune(c)
		for r := rune(1); r < 0x2300 && alone; r++ {
			alone = r == rune(c) || foldRune(r) != rune(c)
		}
		if got := foldsAlone(byte(c)); got != alone {
			t.Errorf("foldsAlone(%q) = %v, want %v", rune(c), got, alone)
		}
	}
}

// TestSplitAttrSubstrings checks which alternatives of a list are tried
// as class substrings together.
func TestSplitAttrSubstrings(t *testing.T) {
	g := mustGroup(t, `[class*=a], [class*=b], li, [class*=c]:not(li), [class*=e i], [id*=x], [class^=d], [class*="f g"], div [class*=h]`)
	a, rest := splitAttrSubstrings(g)
	if a == nil {
		t.Fatal("no alternative taken out")
	}
	var got []string
	for k, name := range a.names {
		for _, alt := range a.alts[k] {
			got = append(got, fmt.Sprintf("%s*=%s/%v", name, alt.value, alt.whole))
		}
	}
	want := []string{"class*=a/true", "class*=b/true", "class*=c/false", "class*=f g/true", "class*=h/false", "id*=x/true"}
	if !slices.Equal(got, want) {
		t.Errorf("taken out %q, want %q", got, want)
	}
	if rest.String() != `li, [class*="e" i], [class^="d"]` {
		t.Errorf("left %s", rest)
	}
	if a, _ := splitAttrSubstrings(mustGroup(t, `[class*=a], [class*=b], li`)); a != nil {
		t.Error("two class substrings taken out; they are tried in turn")
	}
}

// TestIndexTags checks which alternatives are tried by the tag of their
// subject.
func TestIndexTags(t *testing.T) {
	x := indexTags(mustGroup(t, `link[rel=a], link[rel=b], img[alt*=x], footer p:matches(©), figcaption > h2, .c, :not(p), div:has(img)`))
	if x == nil {
		t.Fatal("no index")
	}
	var got []string
	for tag, alts := range x.byTag {
		got = append(got, fmt.Sprintf("%s:%d", tag, len(alts)))
	}
	slices.Sort(got)
	if want := []string{"div:1", "h2:1", "img:1", "link:2", "p:1"}; !slices.Equal(got, want) {
		t.Errorf("by tag %q, want %q", got, want)
	}
	if x.any.String() != `.c, :not(p)` {
		t.Errorf("any tag: %s", x.any)
	}
	if indexTags(mustGroup(t, `p, li, .x, :not(a)`)) != nil {
		t.Error("two tagged alternatives indexed; they are tried in turn")
	}
}

// TestCandidateTags checks what eachCandidate relies on to skip elements
// by their tag without reading them: an element whose name is a known
// tag has that tag's atom (whatever built it: the tokenizer, the tree
// construction's implied and moved elements, foreign content), and the
// tags a selector needs of its subjects and their ancestors (the
// nearest that names one).
func TestCandidateTags(t *testing.T) {
	pages := []string{
		`<table><tr><td>a</td></tr><p>fostered</p></table><svg><clipPath/><foreignObject><p>x</p></foreignObject></svg><math><mi>x</mi></math>`,
		`<b><p>misnested</b> text</p><template><p>hidden</p></template><select><option>o</select><frameset></frameset>`,
	}
	files := corpusFiles()
	for i := 0; i < len(files) && i < 300; i += 10 {
		src, err := os.ReadFile(files[i])
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, string(src))
	}
	for i, page := range pages {
		doc, err := Parse("page.html", []byte(page))
		if err != nil {
			t.Fatal(err)
		}
		for k := int32(0); k < doc.nodes; k++ {
			n := doc.node(k)
			// A selector names tags in lower case.
			if a := atom.Lookup([]byte(n.Data)); n.Type == html.ElementNode && a != 0 && n.Data == strings.ToLower(n.Data) && n.DataAtom != a {
				t.Errorf("page %d: <%s> has the atom of %q", i, n.Data, n.DataAtom)
			}
		}
	}
	for _, tc := range []struct {
		sel          string
		need, within string
	}{
		{`figure`, "figure", ""},
		{`footer p:matches(x), footer small`, "p small", "footer"},
		{`article [class*=byline], article [class*=author]:not(li *)`, "", "article"},
		{`article [class*=byline], article > div [class*=author]`, "", ""},
		{`link[rel=canonical][href*=a], link[href*=b]`, "link", ""},
		{`p, amp-img`, "", ""},
		{`div p, article p`, "p", ""},
		{`:haschild(p ~ p) > p + [class*=aption]`, "", ""},
	} {
		s, err := CompileSelector(tc.sel)
		if err != nil {
			t.Fatal(err)
		}
		var need []string
		for _, a := range s.need {
			need = append(need, a.String())
		}
		if got := strings.Join(need, " "); got != tc.need || s.within.String() != tc.within {
			t.Errorf("%s: needs %q within %q, want %q within %q", tc.sel, got, s.within, tc.need, tc.within)
		}
	}
}

// TestPageQueries compares the queries of the whole page that skip
// elements by their tags (eachCandidate) with cascadia's matching of
// every visible element, for each selector of the packs that lets them
// skip, on every corpus page and on markup made to trip them.
func TestPageQueries(t *testing.T) {
	pages := []string{
		`<article><p class="byline">AP</p><article><div><span class="author">x</span></div></article><footer><p>© AP</p></footer></article>` +
			`<div hidden><article><p class="byline">hidden</p></article></div><p class="byline">outside</p>` +
			`<article><section><div><div><p class=byline>Reuters</p></div></div></section></article><article class="byline"></article>`,
		`<table><tr><td><article><p class="byline">AP</p></article></td></tr><article>fostered<p class="byline">AP</p></article></table>` +
			`<footer><small>© 2020 AP</small><p>©2020 Reuters</p></footer><link rel="canonical" href="https://apnews.com/x">`,
	}
	for _, f := range corpusFiles() {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, string(src))
	}
	e, _ := benchEngine(&testing.B{}, "packs")
	var sels []*Selector
	for _, s := range e.selectors {
		if s.need != nil || s.within != 0 {
			sels = append(sels, s)
		}
	}
	sels = append(sels, mustSelector(t, `article p.byline, article .author`), mustSelector(t, `footer small, footer p`))
	found := 0
	for i, page := range pages {
		doc, err := Parse("page.html", []byte(page))
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range sels {
			var want []*html.Node
			doc.each(doc.Root, func(n *html.Node) bool {
				if s.Group.Match(n) && !doc.Hidden(n) {
					want = append(want, n)
				}
				return true
			})
			if got := doc.Query(doc.Root, s); !slices.Equal(got, want) {
				t.Errorf("%.80s on page %d: the query finds %d elements, cascadia %d", s.Source, i, len(got), len(want))
			}
			found += len(want)
		}
	}
	if found == 0 {
		t.Error("the queries find nothing: the comparison tells nothing")
	}
}

func mustSelector(t *testing.T, src string) *Selector {
	t.Helper()
	s, err := CompileSelector(src)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestParseGroup checks that parseGroup, which hands cascadia each
// :matches() regexp as a placeholder and puts in the regexp compiled
// once, gives what cascadia gives for the same source: the same
// selectors (as printed, with every regexp the real one, no placeholder
// left), the same error, and one regexp for one source. The selectors
// of the built-in packs are compared in TestSelectorsMatchCascadia,
// element by element.
func TestParseGroup(t *testing.T) {
	for _, tc := range []struct {
		sel    string
		shared bool // the placeholders are used
	}{
		{`p:matches((?i)youtube|vimeo)`, true},
		{`p:matchesown(\d+), li:matches(^[^\p{L}\p{N}]*$)`, true},
		{`div:not(:matches(a[)]b)):matches(x(y)z)`, true},
		{`p:has(span:matches(a)) + p:haschild(b:matches(a))`, true},
		{`[title=":matches(x)"]`, false},              // in a string: no regexp there
		{`[title=":matches(x)"] p:matches(y)`, false}, // one placeholder not a regexp
		{`p:matches( a)`, false},                      // cascadia skips the space
		{`p:matches(/*c*/a)`, false},
		{`p:matches()`, false},
		{`p:matches(a(b)`, false}, // error: EOF in the regexp
		{`p:matches(a(b))`, true},
		{`p:matches(a[)`, false},
		{`p:matches(x{2,1})`, false}, // does not compile
		{`p:matches(\z.0)`, false},   // a placeholder in the source
		{`p:MATCHES(x)`, false},
		{`p:matches(x)[href#=(\.pdf$)]`, true},
		{`p:matches(x`, false},
		{`p:matches(x)y`, false},
	} {
		want, wantErr := parsePlain(tc.sel)
		got, err := parseGroup(tc.sel)
		if (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
			t.Errorf("%s: error %v, cascadia says %v", tc.sel, err, wantErr)
			continue
		}
		if err != nil {
			continue
		}
		if got.String() != want.String() || strings.Contains(got.String(), placeholderPrefix) && !strings.Contains(tc.sel, placeholderPrefix) {
			t.Errorf("%s: prints as %s, want %s", tc.sel, got, want)
		}
		_, found := fastPatternsWith(got, nil)
		if len(found) != 0 {
			t.Errorf("%s: placeholders found with none given", tc.sel)
		}
		if shared := regexpOf(got) != nil && regexpOf(got) == regexpOf(mustParse(t, tc.sel)); shared != tc.shared {
			t.Errorf("%s: regexps shared %v, want %v", tc.sel, shared, tc.shared)
		}
	}
}

func mustParse(t *testing.T, sel string) cascadia.SelectorGroup {
	t.Helper()
	g, err := parseGroup(sel)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// regexpOf returns the regexp of the first textPattern of g, at any
// depth, or nil.
func regexpOf(g cascadia.SelectorGroup) *regexp.Regexp {
	var found *regexp.Regexp
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		if found != nil || !v.IsValid() {
			return
		}
		switch v.Kind() {
		case reflect.Interface, reflect.Pointer:
			if v.IsNil() {
				return
			}
			if v.Type() == reflect.TypeFor[*textPattern]() {
				found = (*textPattern)(v.UnsafePointer()).re
				return
			}
			walk(v.Elem())
		case reflect.Struct:
			for i := range v.NumField() {
				walk(v.Field(i))
			}
		case reflect.Slice:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		}
	}
	walk(reflect.ValueOf(g))
	return found
}
