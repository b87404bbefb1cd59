package checker

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// blockTexts returns the text of every block of src.
func blockTexts(t *testing.T, src string) []string {
	t.Helper()
	d, err := Parse("t.html", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, b := range d.Blocks {
		out = append(out, b.Node.Data+":"+b.Text)
	}
	return out
}

func TestBlocks(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"paragraphs", "<p>One</p><p>Two</p>", []string{"p:One", "p:Two"}},
		{"white space collapses", "<p>  a \n\t b  </p>", []string{"p:a b"}},
		{"inline markup joins", "<p>Hello <b>big</b>\n world</p>", []string{"p:Hello big world"}},
		{"entities decode", "<p>AP &amp; Reuters &#8220;x&#x201D;&nbsp;y</p>", []string{"p:AP & Reuters \u201cx\u201d y"}},
		{"entity without semicolon", "<p>a &ampb</p>", []string{"p:a &b"}},
		{"unknown entity stays", "<p>&bogus; &</p>", []string{"p:&bogus; &"}},
		{"soft hyphen and zero width space vanish", "<p>news\u00adpaper&shy;s\u200b!</p>", []string{"p:newspapers!"}},
		{"block children split text", "<div>A<p>B</p>C</div>", []string{"div:A", "p:B", "div:C"}},
		{"br is a space", "<p>With reporting by AP<br>and Reuters</p>", []string{"p:With reporting by AP and Reuters"}},
		{"unclosed p closed by next p", "<p>one<p>two", []string{"p:one", "p:two"}},
		{"unclosed li", "<ul><li>one<li>two</ul>", []string{"li:one", "li:two"}},
		{"table cells", "<table><tr><td>a<td>b<tr><td>c</table>", []string{"td:a", "td:b", "td:c"}},
		{"misnested inline", "<p>a<b>b<i>c</b>d</i>e</p>", []string{"p:abcde"}},
		{"invisible content", "<p>x<script>s()</script>y</p><style>p{}</style><template><p>t</p></template><noscript>n</noscript><p hidden>h</p><div hidden><p>h2</p></div>",
			[]string{"p:xy"}},
		{"head is not text", "<html><head><title>T</title></head><body><p>b</p></body></html>", []string{"p:b"}},
		{"head closed by body content", "<head><title>T</title><p>text</p>", []string{"p:text"}},
		{"custom elements are inline", "<p>a <x-ref>b</x-ref> c</p>", []string{"p:a b c"}},
		{"text at the root", "just text", []string{":just text"}},
		{"nbsp-only block is empty", "<p>&nbsp;</p><p>x</p>", []string{"p:x"}},
		{"figure caption", "<figure><img src=a.jpg><figcaption>Photo: AP</figcaption></figure>", []string{"figcaption:Photo: AP"}},
		{"heading closes heading", "<h2>a<h3>b</h3>", []string{"h2:a", "h3:b"}},
		{"svg self-closing", "<p>a<svg><path/><text>t</text></svg>b</p>", []string{"p:atb"}},
		// The tree of the HTML standard, as browsers build it.
		{"</br> is <br>", "<p>With reporting by AP</br>and Reuters</p>", []string{"p:With reporting by AP and Reuters"}},
		{"a block in an inline element closed early", "<span><p>credit</span> line</p>", []string{"p:credit line"}},
		{"a link around a paragraph closed early", "<a><p>one</a>two</p>", []string{"p:onetwo"}},
		{"text of a table outside its cells is fostered out", "<table>Photo: AP<tr><td>x</td></tr></table>", []string{":Photo: AP", "td:x"}},
		{"svg title is not drawn", "<p>a<svg><title>Logo</title><text>t</text></svg></p>", []string{"p:at"}},
		{"a cell without a row", "<table><td>a<td>b</table>", []string{"td:a", "td:b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := blockTexts(t, tt.src)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("blocks of %q\n got %q\nwant %q", tt.src, got, tt.want)
			}
		})
	}
}

func TestSourceSpan(t *testing.T) {
	src := "<p>With  reporting &amp;\n <b>AP</b>&nbsp;&#8212; x</p>"
	d, err := Parse("t.html", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	b := &d.Blocks[0]
	if b.Text != "With reporting & AP \u2014 x" {
		t.Fatalf("text = %q", b.Text)
	}
	for _, c := range []struct {
		sub, want string
	}{
		{"With", "With"},
		{"reporting", "reporting"},
		{"&", "&amp;"},
		{"With reporting", "With  reporting"},
		{"& AP", "&amp;\n <b>AP"},
		{"\u2014", "&#8212;"},
		{"AP \u2014 x", "AP</b>&nbsp;&#8212; x"},
	} {
		i := strings.Index(b.Text, c.sub)
		sp := d.SourceSpan(b, i, i+len(c.sub))
		if got := src[sp.Start:sp.End]; got != c.want {
			t.Errorf("SourceSpan(%q) = %q, want %q", c.sub, got, c.want)
		}
	}
	// An empty range maps to an empty span.
	if sp := d.SourceSpan(b, 4, 4); sp.Start != sp.End {
		t.Errorf("empty range mapped to %v", sp)
	}
}

func TestElementSpans(t *testing.T) {
	src := `<div id=a class="x y"><p data-x='1' hidden>t<img src=i.jpg alt></div><p>u`
	d, err := Parse("t.html", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"div": `<div id=a class="x y"><p data-x='1' hidden>t<img src=i.jpg alt></div>`,
		"img": `<img src=i.jpg alt>`,
	}
	for _, n := range d.Elements() {
		sp := d.Span(n)
		if w, ok := want[n.Data]; ok && src[sp.Start:sp.End] != w {
			t.Errorf("span of <%s> = %q, want %q", n.Data, src[sp.Start:sp.End], w)
		}
	}
	div := d.Elements()[0]
	for _, c := range []struct{ key, keySrc, valSrc string }{{"id", "id", "a"}, {"class", "class", "x y"}} {
		_, span, ok := d.Attr(div, c.key)
		if !ok {
			t.Fatalf("no %s attribute", c.key)
		}
		if got := src[span.Key.Start:span.Key.End]; got != c.keySrc {
			t.Errorf("key span %q, want %q", got, c.keySrc)
		}
		if got := src[span.Value.Start:span.Value.End]; got != c.valSrc {
			t.Errorf("value span %q, want %q", got, c.valSrc)
		}
	}
	// The <p> left open inside the div is closed where </div> starts.
	p := d.Elements()[1]
	if got := src[d.Span(p).Start:d.Span(p).End]; got != `<p data-x='1' hidden>t<img src=i.jpg alt>` {
		t.Errorf("implicitly closed p = %q", got)
	}
}

func TestPosition(t *testing.T) {
	src := "a\r\nb\rc\n\u0416\U0001F4F7x"
	d, err := Parse("t.html", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		off, line, col, col16, colByte int
	}{
		{0, 1, 1, 1, 1},
		{2, 1, 3, 3, 3}, // between \r and \n: still the line the pair ends
		{3, 2, 1, 1, 1}, // after \r\n
		{5, 2, 3, 3, 3}, // after a lone \r: the same line, one column on
		{7, 3, 1, 1, 1},
		{9, 3, 2, 2, 3},     // after Ж (2 bytes)
		{9 + 4, 3, 3, 4, 7}, // after the emoji: one code point, two UTF-16 units, four bytes
		{len(src), 3, 4, 5, 8},
	} {
		p := d.Position(c.off)
		if p.Line != c.line || p.Column != c.col || p.Column16 != c.col16 || p.ByteColumn != c.colByte {
			t.Errorf("Position(%d) = %d:%d (utf16 %d, byte %d), want %d:%d (utf16 %d, byte %d)",
				c.off, p.Line, p.Column, p.Column16, p.ByteColumn, c.line, c.col, c.col16, c.colByte)
		}
	}
	// A byte order mark takes no column but is one of the line's bytes.
	d, err = Parse("bom.html", []byte("\ufeffab"))
	if err != nil {
		t.Fatal(err)
	}
	if p := d.Position(4); p.Column != 2 || p.ByteColumn != 5 {
		t.Errorf("after a byte order mark: column %d, byte column %d; want 2, 5", p.Column, p.ByteColumn)
	}
}

// TestFindingPositions checks positions of findings end to end: after a
// byte order mark, in a CRLF file, after multi-byte text and entities, and
// in an attribute that continues on the next line of its tag.
func TestFindingPositions(t *testing.T) {
	eng := loadTestRules(t, "pos.yml", []byte(`version: 1
pack: t
rules:
  - id: t/tk
    title: No TK
    scope: body
    forbid: {words: [TK]}
  - id: t/rel
    title: rel
    scope: body
    attribute: {selector: a, name: rel, pattern: noopener}
`), nil)
	tests := []struct {
		name, src      string
		line, col, c16 int
		endCol         int
	}{
		{"bom", "\ufeff<p>TK</p>", 1, 4, 4, 6},
		{"crlf", "<p>a</p>\r\n<p>b</p>\r\n<p>x TK</p>", 3, 6, 6, 8},
		{"lone cr", "<p>a</p>\r<p>x TK</p>", 1, 15, 15, 17}, // a lone CR ends no line (git, grep, SARIF)
		{"multibyte and emoji", "<p>Фото 📷 &amp; TK</p>", 1, 17, 18, 19},
		{"entities before", "<p>&#8220;&nbsp;&amp;TK?</p>", 1, 22, 22, 24}, // columns count source characters, not decoded text
		{"attribute across lines", "<a href=x\n   rel=\"nofollow\">l</a>", 2, 4, 4, 18},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse(tt.name, []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			fs, err := eng.Check(doc, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(fs) != 1 {
				t.Fatalf("%d findings: %+v", len(fs), fs)
			}
			f := fs[0]
			if f.Start.Line != tt.line || f.Start.Column != tt.col || f.Start.Column16 != tt.c16 || f.End.Column != tt.endCol {
				t.Errorf("finding %q at %d:%d (utf16 %d) to col %d, want %d:%d (utf16 %d) to col %d",
					tt.src[f.Span.Start:f.Span.End], f.Start.Line, f.Start.Column, f.Start.Column16, f.End.Column, tt.line, tt.col, tt.c16, tt.endCol)
			}
		})
	}
}

// TestStandardTree checks trees the HTML standard builds where simpler
// repair differs: a stray </p> is an empty paragraph (p:last-of-type),
// formatting elements reopen after a block, a row is implied around cells.
func TestStandardTree(t *testing.T) {
	for _, c := range []struct{ src, sel string }{
		{"<div><p>credit</p></p></div>", "p:last-of-type"},
		{"<p><b>x<p>y</b>", "p > b"},
		{"<table><td>x</table>", "table > tr > td"},
		{"<a href=x><div>block</div></a>", "a > div"},
	} {
		d, err := Parse("t.html", []byte(c.src))
		if err != nil {
			t.Fatal(err)
		}
		want, got, _ := compareWithParse(t, c.src)
		if want != got {
			t.Errorf("%q: tree\n%s\nwant\n%s", c.src, got, want)
		}
		sel, err := CompileSelector(c.sel)
		if err != nil {
			t.Fatal(err)
		}
		found := d.Query(d.Root, sel)
		if len(found) == 0 {
			t.Errorf("%q: %s matches nothing", c.src, c.sel)
		}
	}
	// The empty paragraph of a stray </p> is the last of type.
	d, _ := Parse("t.html", []byte("<div><p>credit</p></p></div>"))
	sel, _ := CompileSelector("p:last-of-type")
	if found := d.Query(d.Root, sel); len(found) != 1 || found[0].FirstChild != nil {
		t.Errorf("p:last-of-type found %d elements, want the empty p", len(found))
	}
}

func TestDeepNesting(t *testing.T) {
	const depth = 100000
	src := strings.Repeat("<div>", depth) + "deep" + strings.Repeat("</div>", depth)
	d, err := Parse("deep.html", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Blocks) != 1 || d.Blocks[0].Text != "deep" {
		t.Fatalf("blocks = %v", d.Blocks)
	}
	sel, err := CompileSelector("div > div")
	if err != nil {
		t.Fatal(err)
	}
	if n := len(d.Query(d.Root, sel)); n != depth-1 {
		t.Errorf("div > div matched %d elements, want %d", n, depth-1)
	}
}

// checkTree verifies the structural properties of a parsed document:
// spans lie inside the file, children inside their parents and after
// their previous siblings, start tags start with '<' and their name, and
// every block maps back into the file with its identity segments equal
// to the source bytes.
func checkTree(t *testing.T, d *Document) {
	t.Helper()
	src := d.Src
	n := len(src)
	for id := int32(1); int(id) < int(d.nodes); id++ {
		node := d.node(id)
		sp := d.Span(node)
		if sp.Start < 0 || sp.End > n || sp.Start > sp.End {
			t.Fatalf("node %d <%s> span %v outside file of %d bytes", id, node.Data, sp, n)
		}
		// Foster parenting and misnested formatting elements move nodes:
		// their spans, which are where they are written, need not nest
		// as the tree does.
		if p := node.Parent; p != nil && p != d.Root && !d.reordered {
			ps := d.Span(p)
			if !ps.Contains(sp) {
				t.Fatalf("node <%s> %v not inside parent <%s> %v", node.Data, sp, p.Data, ps)
			}
		}
		if prev := node.PrevSibling; prev != nil && d.Span(prev).End > sp.Start && !d.reordered {
			t.Fatalf("node <%s> %v overlaps previous sibling %v", node.Data, sp, d.Span(prev))
		}
		if node.Type == html.ElementNode {
			tag := d.StartTag(node)
			raw := bytes.ToLower(src[tag.Start:tag.End])
			// An element with no start tag of its own (implied, or a clone
			// of a formatting element) has an empty one; </br> is <br>.
			name := bytes.TrimPrefix(bytes.TrimPrefix(raw, []byte("<")), []byte("/"))
			if len(raw) > 0 && (raw[0] != '<' || !bytes.HasPrefix(name, bytes.ToLower([]byte(node.Data))) && node.DataAtom != 0 && !bytes.HasPrefix(name, []byte("image"))) {
				t.Fatalf("start tag of <%s> is %q", node.Data, raw)
			}
			for i, a := range d.Attrs(node) {
				if tag.Start < tag.End && (a.Key.Start < tag.Start || a.Value.End > tag.End) {
					t.Fatalf("attribute %d of <%s> %v outside its tag %v", i, node.Data, a, tag)
				}
			}
		}
	}
	prevEnd := 0
	for i := range d.Blocks {
		b := &d.Blocks[i]
		if b.Text == "" || strings.Contains(b.Text, "  ") || b.Text[0] == ' ' || b.Text[len(b.Text)-1] == ' ' {
			t.Fatalf("block %d text %q not collapsed", i, b.Text)
		}
		if b.Span.Start < prevEnd || b.Span.End > n {
			t.Fatalf("block %d span %v out of order or outside file", i, b.Span)
		}
		prevEnd = b.Span.End
		whole := d.SourceSpan(b, 0, len(b.Text))
		if whole != b.Span {
			t.Fatalf("block %d: SourceSpan of the whole text %v != block span %v", i, whole, b.Span)
		}
		for k := b.seg0; k < b.segN; k++ {
			sg := d.segs.at(k)
			st, tl := d.segText(b, k)
			tx, sx := b.Text[st:st+tl], src[sg.s:sg.srcEnd()]
			if tl == 0 || sg.srcEnd() > n {
				t.Fatalf("block %d: segment %d maps %q to %q", i, k, tx, sx)
			}
			if sg.whole() {
				continue
			}
			// All but the last byte map byte for byte; the last, to one
			// byte or to a run of white space (spaces, white space
			// entities, <br>), which it stands for as a space.
			head, tail := sx[:tl-1], sx[tl-1:]
			if string(spacesAsText(head)) != tx[:tl-1] ||
				len(tail) == 1 && string(spacesAsText(tail)) != tx[tl-1:] ||
				len(tail) > 1 && tx[tl-1] != ' ' {
				t.Fatalf("block %d: segment %q does not map byte for byte to source %q", i, tx, sx)
			}
		}
	}
}

func testdataArticles(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob("../testdata/articles/*.html")
	if err != nil || len(files) == 0 {
		t.Fatal("no testdata articles")
	}
	return files
}

// TestParseRealPages checks the tree of the test articles and of the
// pages of the shared corpus.
func TestParseRealPages(t *testing.T) {
	parse := func(t *testing.T, files []string) {
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			d, err := Parse(f, src)
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			t.Run(filepath.Base(filepath.Dir(f))+"/"+filepath.Base(f), func(t *testing.T) { checkTree(t, d) })
		}
	}
	t.Run("testdata", func(t *testing.T) { parse(t, testdataArticles(t)) })
	t.Run("corpus", func(t *testing.T) { parse(t, corpusPages(t)) })
}

// TestAttributesAgreeWithTokenizer checks the attribute scan against the
// tokenizer on real pages: same count, and each value span holds the
// value the tokenizer decoded whenever the value has no entity.
func TestAttributesAgreeWithTokenizer(t *testing.T) {
	t.Run("testdata", func(t *testing.T) { attributesAgree(t, testdataArticles(t)) })
	t.Run("corpus", func(t *testing.T) { attributesAgree(t, firstN(corpusPages(t), 60)) })
}

// attributesAgree checks the attribute spans of the pages against the
// tokenizer.
func attributesAgree(t *testing.T, files []string) {
	for _, f := range files {
		src, _ := os.ReadFile(f)
		d, err := Parse(f, src)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Warnings) > 0 {
			t.Errorf("%s: %v", f, d.Warnings)
		}
		for _, n := range d.Elements() {
			spans := d.Attrs(n)
			if len(spans) != len(n.Attr) {
				t.Fatalf("%s: <%s> has %d attributes and %d spans", f, n.Data, len(n.Attr), len(spans))
			}
			for i, a := range n.Attr {
				raw := string(src[spans[i].Value.Start:spans[i].Value.End])
				if !strings.ContainsAny(raw, "&\r\x00") && raw != a.Val {
					t.Fatalf("%s: <%s %s> value span %q, tokenizer %q", f, n.Data, a.Key, raw, a.Val)
				}
				if k := strings.ToLower(string(src[spans[i].Key.Start:spans[i].Key.End])); k != a.Key && !strings.Contains(k, "\x00") {
					t.Fatalf("%s: <%s> key span %q, tokenizer %q", f, n.Data, k, a.Key)
				}
			}
		}
	}
}

// firstN returns the first n files, or all of them when there are fewer.
func firstN(files []string, n int) []string {
	return files[:min(n, len(files))]
}

// TestRawTagReading checks that reading tag names and attributes from
// the raw bytes (Parse) builds the same document as reading them through
// the tokenizer's TagName and TagAttr, on real pages, on hostile tags and
// on random ones.
func TestRawTagReading(t *testing.T) {
	inputs := readFiles(t, testdataArticles(t))
	hostile := []string{
		`<A HREF=X Class="B" class=c>t</A>`, `<div id=a ID=b Id='c'>x</DIV>`, "<p \u212a=1 k=2>kelvin</p>",
		"<p a\x00b=1 c=\"x\x00y\">nul</p>", "<p\x00x>n</p\x00x>", "<p title=\"a\r\nb\rc\">cr</p>", `<p =a b= c =d>eq</p>`,
		`<p / a / b=1/ c="/">slash</p>`, `<p a b c>bare</p>`, `<a href="?a=1&copy=2&amp;b&lt;c&#x41;&notit;">ent</a>`,
		`<My-Element Data-X=1>custom</my-element>`, `<svg><style>s{}</style><Rect Width=1 /></svg>`, `<p a='x'c=d e="f"g>q</p>`,
		`<img src=x alt=>`, `<img alt= ">`, `<input value='unterminated`, `<p a="b`, "<p\tid\n=\fx\r>ws</p>", `<br/><br / ><hr/>`,
		`<p a=&amp; b=&>`, `<p "a"=1 'b'=2>`, "<script>a && b &amp; c\r\nd\x00</script><style>&lt;</style><textarea>&amp;</textarea>",
		"<title>T &amp; U</title><xmp>&amp;</xmp><svg><script>&amp;</script><style>&amp;</style></svg><script/>&amp;</script>",
		"<noscript>&amp;</noscript><plaintext>&amp; \r\n", `<p a=1 A=2 a=3 b=4>dups</p>`, `<TABLE><TR><TD Class=x>cell</td></tr></table>`,
	}
	for i, h := range hostile {
		inputs[fmt.Sprintf("hostile%d", i)] = []byte(h)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	alphabet := []string{"<", ">", "/", "=", "\"", "'", " ", "\n", "\r", "\x00", "&", "amp;", "a", "B", "p", "div", "href", "K", "é", "x"}
	for i := range 2000 {
		var sb strings.Builder
		for range 1 + rng.IntN(40) {
			sb.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		inputs[fmt.Sprintf("random%d", i)] = []byte(sb.String())
	}
	t.Run("testdata and hostile", func(t *testing.T) { rawTagReading(t, inputs) })
	t.Run("corpus", func(t *testing.T) { rawTagReading(t, readFiles(t, firstN(corpusPages(t), 40))) })
}

// readFiles reads files, by name.
func readFiles(t *testing.T, files []string) map[string][]byte {
	inputs := map[string][]byte{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		inputs[f] = src
	}
	return inputs
}

// rawTagReading checks that the raw and the tokenizer reading of each
// input build the same document.
func rawTagReading(t *testing.T, inputs map[string][]byte) {
	for name, src := range inputs {
		fast, slow := &Document{Path: name, Src: src, File: src}, &Document{Path: name, Src: src, File: src}
		if err := fast.buildWith(false); err != nil {
			t.Fatal(err)
		}
		if err := slow.buildWith(true); err != nil {
			t.Fatal(err)
		}
		fe, se := fast.Elements(), slow.Elements()
		if len(fe) != len(se) {
			t.Fatalf("%s: %d elements read raw, %d through the tokenizer", name, len(fe), len(se))
		}
		for i := range fe {
			a, b := fe[i], se[i]
			if a.Data != b.Data || a.DataAtom != b.DataAtom || a.Namespace != b.Namespace || !slices.Equal(a.Attr, b.Attr) ||
				!slices.Equal(fast.Attrs(a), slow.Attrs(b)) || fast.Span(a) != slow.Span(b) {
				t.Fatalf("%s: element %d differs:\nraw:       <%s %q> %v %v\ntokenizer: <%s %q> %v %v",
					name, i, a.Data, a.Attr, fast.Attrs(a), fast.Span(a), b.Data, b.Attr, slow.Attrs(b), slow.Span(b))
			}
		}
		if int(fast.nodes) != int(slow.nodes) {
			t.Fatalf("%s: %d nodes read raw, %d through the tokenizer", name, int(fast.nodes), int(slow.nodes))
		}
		for k := range fast.nodes {
			if a, b := fast.node(k), slow.node(k); a.Type != b.Type || a.Data != b.Data {
				t.Fatalf("%s: node %d is %d %q read raw, %d %q through the tokenizer", name, k, a.Type, a.Data, b.Type, b.Data)
			}
		}
		blocksEqual := slices.EqualFunc(fast.Blocks, slow.Blocks, func(a, b Block) bool {
			a.Node, b.Node = nil, nil
			return a == b
		})
		if !slices.Equal(fast.allSegs(), slow.allSegs()) || !blocksEqual {
			t.Fatalf("%s: the text model differs:\n%v\n%v", name, fast.Blocks, slow.Blocks)
		}
		if !slices.Equal(fast.Warnings, slow.Warnings) || len(fast.Blocks) != len(slow.Blocks) {
			t.Fatalf("%s: warnings %v / %v, %d / %d blocks", name, fast.Warnings, slow.Warnings, len(fast.Blocks), len(slow.Blocks))
		}
	}
}

// TestRunQuery checks that a check's queries, from its shared matches or
// directly, find what Document.Query finds.
func TestRunQuery(t *testing.T) {
	e := &Engine{selectors: map[string]*Selector{}}
	var sels []*Selector
	for _, src := range []string{"p", "a[href]", "figure:has(img)", "p:matches((?i)said) + p", "li, td", "article img", ":not(div)"} {
		s, err := e.selector(src)
		if err != nil {
			t.Fatal(err)
		}
		sels = append(sels, s)
	}
	for _, f := range testdataArticles(t) {
		src, _ := os.ReadFile(f)
		d, err := Parse(f, src)
		if err != nil {
			t.Fatal(err)
		}
		els := append([]*html.Node{d.Root}, d.Elements()...)
		for _, warm := range []bool{false, true} {
			r := &run{e: e, doc: d}
			for _, s := range sels {
				if warm {
					r.matches(s)
				}
				for _, n := range els {
					want := d.Query(n, s)
					if got := r.query(n, s); !slices.Equal(got, want) {
						t.Fatalf("%s: query(<%s>, %s) found %d elements, want %d", f, n.Data, s.Source, len(got), len(want))
					}
					var first *html.Node
					if len(want) > 0 {
						first = want[0]
					}
					if got := r.queryFirst(n, s); got != first {
						t.Fatalf("%s: queryFirst(<%s>, %s) differs", f, n.Data, s.Source)
					}
				}
			}
		}
	}
}

// TestLineTable checks the line starts against a byte-by-byte reading:
// "\n" and "\r\n" end a line, a lone "\r" does not.
func TestLineTable(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	for range 2000 {
		src := make([]byte, rng.IntN(40))
		for i := range src {
			src[i] = "\r\nab"[rng.IntN(4)]
		}
		want := []int32{0}
		for i := 0; i < len(src); i++ {
			if src[i] == '\n' {
				want = append(want, int32(i+1))
			}
		}
		if got := newLineTable(src).starts; !slices.Equal(got, want) {
			t.Fatalf("line starts of %q: %v, want %v", src, got, want)
		}
	}
}

// TestAtomCounts puts every atom there is in one table: it must hold them
// all, each in a slot of its own.
func TestAtomCounts(t *testing.T) {
	var all []atom.Atom
	for off := 0; off < 1<<16; off++ {
		for n := 1; n <= 25; n++ {
			a := atom.Atom(off<<8 | n)
			if s := a.String(); s != "" && atom.Lookup([]byte(s)) == a {
				all = append(all, a)
			}
		}
	}
	if len(all) < 300 || 2*len(all) > atomSlots {
		t.Fatalf("%d atoms for %d slots", len(all), atomSlots)
	}
	var c atomCounts
	for i, a := range all {
		*c.count(a) = int32(i + 1)
	}
	for i, a := range all {
		if *c.count(a) != int32(i+1) || c.category(a) != category(a) {
			t.Fatalf("atom %s: count %d, want %d", a, *c.count(a), i+1)
		}
	}
}

// TestUnclosedAtEOF checks what the end of the input leaves open: an
// unfinished tag is dropped, a comment or raw text element that is never
// closed holds the rest of the file; each gets a warning at its start, and
// the elements still open end their content there (where a fix inserts).
func TestUnclosedAtEOF(t *testing.T) {
	tests := []struct {
		src, warn string
		at        string // the content of <article> ends just before this
	}{
		{"<article><p>a</p><meta charset=\"x\"", "the file ends inside an unfinished tag, which is ignored", `<meta charset="x"`},
		{"<article><p>a</p></ar", "the file ends inside an unfinished tag, which is ignored", "</ar"},
		{"<article><p>a</p><!-- never -->", "", ""},
		{"<article><p>a</p><!-- <p>b</p>", "this comment is never closed: the rest of the file is inside it", "<!-- <p>b</p>"},
		{"<article><p>a</p><!--->", "", ""},
		{"<article><p>a</p><?php echo 1", "this comment is never closed: the rest of the file is inside it", "<?php echo 1"},
		{"<article><p>a</p><script>x = '</article>'", "<script> is never closed: the rest of the file is its content", "<script>x = '</article>'"},
		{"<article><p>a</p><textarea>b", "<textarea> is never closed: the rest of the file is its content", "<textarea>b"},
		{"<article><p>a</p><svg><style>b", "", ""},
	}
	for _, tt := range tests {
		d, err := ParseFile("a.html", []byte(tt.src))
		if err != nil {
			t.Fatalf("%q: %v", tt.src, err)
		}
		var warns []string
		for _, w := range d.Warnings {
			warns = append(warns, fmt.Sprintf("%d: %s", w.Offset, w.Message))
		}
		want := ""
		if tt.warn != "" {
			want = fmt.Sprintf("%d: %s", len(tt.src)-len(tt.at), tt.warn)
		}
		if got := strings.Join(warns, "; "); got != want {
			t.Errorf("%q: warnings %q, want %q", tt.src, got, want)
		}
		var article *html.Node
		for _, n := range d.Elements() {
			if n.Data == "article" {
				article = n
				break
			}
		}
		if article == nil {
			t.Fatalf("%q: no article", tt.src)
		}
		if got, want := d.Inner(article).End, len(tt.src)-len(tt.at); got != want {
			t.Errorf("%q: the article's content ends at %d, want %d", tt.src, got, want)
		}
	}
}

// spacesAsText returns b with each white space byte a space, as in the
// text of an identity segment.
func spacesAsText(b []byte) []byte {
	out := bytes.Clone(b)
	for i, c := range out {
		if c == '\t' || c == '\n' || c == '\r' || c == '\f' {
			out[i] = ' '
		}
	}
	return out
}

// allSegs returns every segment of d.
func (d *Document) allSegs() []segment {
	out := make([]segment, d.segs.n)
	for k := range out {
		out[k] = *d.segs.at(int32(k))
	}
	return out
}
