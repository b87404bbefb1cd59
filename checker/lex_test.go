package checker

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// The lexer must give exactly the tokens of golang.org/x/net/html's
// Tokenizer: the same types with the same raw bytes, when both are told
// the same things (AllowCDATA before each token, NextIsNotRawText after a
// start tag). These tests compare the two on hand-written edge cases,
// the html5lib tree-construction and tokenizer inputs shipped with
// x/net (each also as the content of every raw text element), the shared
// corpus and by fuzzing, under several policies of telling. The builder's
// own decisions are compared by TestRawTagReading, whose tokenizer
// reading runs the Tokenizer in the lexer's place.

// lexPolicy decides, for the i-th token, whether CDATA is allowed before
// it is read, and after a start tag whether the next token is not raw
// text.
type lexPolicy struct {
	name          string
	cdata, notRaw func(i int) bool
}

var lexPolicies = []lexPolicy{
	{"plain", func(int) bool { return false }, func(int) bool { return false }},
	{"cdata, never raw", func(int) bool { return true }, func(int) bool { return true }},
	// Decisions that change from token to token, the same on both sides.
	{"mixed", func(i int) bool { return i*2654435761%7 < 3 }, func(i int) bool { return i*2246822519%5 < 2 }},
}

// lexToken is a token as the comparison sees it: its type, where its raw
// bytes end, for a comment or doctype its text, and for a start tag its
// attributes as the tokenizer keeps them: keys, and values decoded
// (from the lexer, unknownValue where attrUnescape cannot decode one).
type lexToken struct {
	tt    html.TokenType
	end   int
	text  string
	attrs string
}

// unknownValue stands for a value attrUnescape does not decode.
const unknownValue = "\x00=?"

// attrsMatch reports whether the attributes from the lexer match those
// from the tokenizer.
func attrsMatch(lex, tok string) bool {
	l, t := strings.Split(lex, "\x00|"), strings.Split(tok, "\x00|")
	if len(l) != len(t) {
		return false
	}
	for i := range l {
		unknown := strings.HasSuffix(l[i], unknownValue) && strings.HasPrefix(t[i], strings.TrimSuffix(l[i], "?"))
		if l[i] != t[i] && !unknown {
			return false
		}
	}
	return true
}

func (t lexToken) String() string {
	return fmt.Sprintf("%v@%d %q", t.tt, t.end, t.text)
}

// hasText reports whether the builder reads the text of a token (a
// comment starting "<!--", a doctype) and so the lexer must give it.
func hasText(tt html.TokenType, raw []byte) bool {
	return tt == html.DoctypeToken || tt == html.CommentToken && bytes.HasPrefix(raw, []byte("<!--"))
}

// lexerTokens returns the tokens of src as the lexer reads them, up to
// and with the ErrorToken.
func lexerTokens(src []byte, p lexPolicy) []lexToken {
	l := lexer{src: src}
	var out []lexToken
	start := 0
	for i := 0; ; i++ {
		tt, end := l.next(p.cdata(i))
		t := lexToken{tt: tt, end: end}
		if hasText(tt, src[start:end]) {
			t.text = string(l.text())
		}
		if tt == html.StartTagToken || tt == html.SelfClosingTagToken {
			for _, a := range l.attrs {
				key := bytes.ReplaceAll(src[a.ks:a.ke], []byte{0}, []byte("\ufffd"))
				t.attrs += asciiLower(key) + "\x00="
				val := src[a.vs:a.ve]
				val = bytes.ReplaceAll(bytes.ReplaceAll(bytes.ReplaceAll(val, []byte("\r\n"), []byte("\n")), []byte("\r"), []byte("\n")),
					[]byte{0}, []byte("\ufffd"))
				if dec, ok := attrUnescape(nil, val); ok {
					t.attrs += string(dec)
				} else {
					t.attrs += "?"
				}
				t.attrs += "\x00|"
			}
		}
		out = append(out, t)
		if tt == html.ErrorToken {
			return out
		}
		if tt == html.StartTagToken || tt == html.SelfClosingTagToken {
			if p.notRaw(i) {
				l.notRawText()
			}
		}
		start = end
	}
}

// tokenizerTokens returns the tokens of src as x/net's Tokenizer reads
// them. With tags, it checks too that a Tokenizer over a tag's raw bytes
// alone gives its name and attributes as the Tokenizer over the whole
// page does, and so does the builder's tagTokenizer reading the page's
// start tags one after the other (the builder reads a tag so when it has
// "&" in a value).
func tokenizerTokens(t testing.TB, src []byte, p lexPolicy, tags bool) []lexToken {
	z := html.NewTokenizer(bytes.NewReader(src))
	var shared tagTokenizer
	var out []lexToken
	off := 0
	for i := 0; ; i++ {
		z.AllowCDATA(p.cdata(i))
		tt := z.Next()
		raw := z.Raw()
		tok := lexToken{tt: tt, end: off + len(raw)}
		if hasText(tt, raw) {
			tok.text = string(z.Text())
		}
		if tt == html.StartTagToken || tt == html.SelfClosingTagToken {
			alone := html.NewTokenizer(bytes.NewReader(slices.Clone(raw)))
			alone.Next()
			for _, more := alone.TagName(); more; {
				var k, v []byte
				k, v, more = alone.TagAttr()
				tok.attrs += string(k) + "\x00=" + string(v) + "\x00|"
			}
		}
		if tags && (tt == html.StartTagToken || tt == html.SelfClosingTagToken || tt == html.EndTagToken) {
			alone := html.NewTokenizer(bytes.NewReader(slices.Clone(raw)))
			alone.Next()
			whole := tagReading(z)
			if own := tagReading(alone); own != whole {
				t.Fatalf("the tag %q read alone: %s, in the page: %s", raw, own, whole)
			}
			if tt != html.EndTagToken {
				if again := tagReading(shared.read(slices.Clone(raw))); again != whole {
					t.Fatalf("the tag %q read after the page's others: %s, in the page: %s", raw, again, whole)
				}
			}
		}
		out = append(out, tok)
		if tt == html.ErrorToken {
			return out
		}
		if tt == html.StartTagToken || tt == html.SelfClosingTagToken {
			if p.notRaw(i) {
				z.NextIsNotRawText()
			}
		}
		off = tok.end
	}
}

// tagReading returns the name and attributes of z's current tag.
func tagReading(z *html.Tokenizer) string {
	name, more := z.TagName()
	s := fmt.Sprintf("%q", name)
	for more {
		var k, v []byte
		k, v, more = z.TagAttr()
		s += fmt.Sprintf(" %q=%q", k, v)
	}
	return s
}

// compareLexer fails t when the lexer and the Tokenizer read src
// differently under policy p.
func compareLexer(t testing.TB, name string, src []byte, p lexPolicy, tags bool) {
	t.Helper()
	got, want := lexerTokens(src, p), tokenizerTokens(t, src, p, tags)
	for i := range min(len(got), len(want)) {
		g, w := got[i], want[i]
		g.attrs, w.attrs = "", ""
		if g != w || !attrsMatch(got[i].attrs, want[i].attrs) {
			from := 0
			if i > 0 {
				from = want[i-1].end
			}
			t.Fatalf("%s (%s): token %d at %d differs: lexer %v %q, tokenizer %v %q\nnear %q", name, p.name, i, from, got[i], got[i].attrs, want[i], want[i].attrs,
				src[from:min(len(src), from+80)])
		}
	}
	if len(got) != len(want) {
		t.Fatalf("%s (%s): %d tokens from the lexer, %d from the tokenizer", name, p.name, len(got), len(want))
	}
}

// lexEdgeCases are inputs written for the tokenizer's states and its
// departures from the standard.
var lexEdgeCases = []string{
	"", "a", "<", "<<", "a<", "a<b", "<a", "<a>", "a</", "</", "</>", "</ >", "</a", "</a>", "</a b=\">\">", "</1>", "</a x", "< a>",
	"<!", "<!-", "<!>", "<!x", "<!x>", "<?", "<?x", "<?x>", "<?x?>", "<1", "<a/", "<a/>", "<a />", "<a / >", "<a/b>", "<a b/>",
	"<a b=/>", "<a b=c/>", "<a b='c'/>", "<a b=\"c\"/>", "<a b=c/ >", "<a b c/>", "<a b=c b=d/>", "<a b=c B=d/>", "<a b=c d=e/>",
	"<a b=c/ d=e/>", "<a =b=c/>", "<a ==/>", "<a b =  c/>", "<a b= >", "<a b=>", "<a b= '>'>x", "<a b=\"x>y\" c='>'>z",
	"<a b=\"x", "<a b='x", "<a b=x", "<a b=", "<a b= ", "<a b ", "<a b", "<a\tb\n=\fc\r>", "<a b=\"\"/>", "<a b=''/>",
	"<a//>", "<a/ />", "<a b=c//>", "<a b=\"c\"//>", "<a \x00=\x00/>", "<a b=c\x00/>", "<a b=c /x=/>", "<a x=y b=/ b=c/>",
	"<!---->", "<!-->", "<!--->", "<!-- -->", "<!-- --!>", "<!-- --!->", "<!-- --!-->", "<!--!>", "<!----!>", "<!-- -- >",
	"<!-- - -->", "<!-- a", "<!-- a-", "<!-- a--", "<!-- a--!", "<!----", "<!---", "<!--", "<!-- a->b-->", "<!-- --!!>-->",
	"<!-- \r\n\x00 &amp; &lt -->", "<!--&-->", "<!-- x -- y -->", "<!------>", "<!--a--!-!>--!>",
	"<!DOCTYPE html>", "<!doctype html>", "<!DocType  html >", "<!DOCTYPE", "<!DOCTYPE ", "<!DOCTYPE  x", "<!DOCTYP", "<!DOC",
	"<!DOCTYPEhtml>", "<!DOCTYPE &amp; \r\n\x00>", "<!DOCTYPE>", "<!DOCTYPE >",
	"<![CDATA[x]]>", "<![CDATA[x]]]>", "<![CDATA[x]>]]>", "<![CDATA[", "<![CDATA", "<![CDAT", "<![cdata[x]]>", "<![CDATA[]]>",
	"<![CDATA[x\x00]]", "<svg><![CDATA[<p>]]></svg>",
	"<script>a</script>", "<script></script>", "<script>", "<script>a", "<script>a</script", "<script>a</scrip", "<script>a</SCRIPT>",
	"<script>a</script x>", "<script>a</script/>", "<script>a</scriptx>", "<script>a</script\n>", "<script>a<</script>",
	"<script><!--</script>", "<script><!-- <script></script> --></script>", "<script><!-- <script></script> </script>",
	"<script><!--<script>--></script>x</script>", "<script><!-- <script>--></script>", "<script><!-- <scriptx></script>",
	"<script><!-- <sCrIpT/></script> x </script>", "<script><!-- <script> </script> </script>", "<script><!--<a</script>",
	"<script><!--<1</script>", "<script><!-- -<</script>", "<script><!-- --<</script>", "<script><!-- --></script>",
	"<script><!-- - -></script>", "<script><!-- <script> -<</script>", "<script><!-- <script> --<</script>", "<script><!-- <script> --></script>",
	"<script><!-- <script> </scrip></script>", "<script><!-- <script> </script</script>", "<script><!--<script></script", "<script><!--<script",
	"<script><!--<scrip", "<script><!-", "<script><!", "<script><!-x</script>", "<script><!x</script>", "<script><!----></script>",
	"<script><!-- <script>-</script>", "<script><!-- <script></script></script>", "<script><!-- <script>--!></script>",
	"<script><!-- <script></SCRIPT\t></script>", "<script><!--<</script>", "<script><!--</</script>", "<script><!--</x</script>",
	"<script/>x</script>", "<SCRIPT>x</script>", "<script type=x>a</script>",
	"<style>a</style>", "<style>a</Style>", "<style>", "<style>a", "<style><!--</style>-->", "<style>a</styl", "<style>a</style",
	"<title>a&amp;</title>", "<textarea>a<b></textarea>", "<textarea></textarea>", "<xmp><p></xmp>", "<iframe><p></iframe>",
	"<noembed>x</noembed>", "<noframes>x</noframes>", "<noscript><p></noscript>", "<plaintext><p></plaintext>", "<plaintext>",
	"<PLAINTEXT>x", "<title/>x</title>", "<titlex>x</title>", "<tit>x</tit>", "<svg><title><p></title></svg>",
	"a\x00b<p\x00>\x00</p\x00>", "<p>\r\n</p>", "<p a=\"\r\n\">", "<<p>", "<p<p>", "<p>a<b<c>", "a < b", "a<=b", "<a.b>",
	"<a\u00e9>", "<\u00e9>", "</\u00e9>", "<a b=\u00e9>", "&amp;<p>&lt;", "<table><tr><td>x</td></tr></table>", "<math><mi>x</mi></math>",
}

func TestLexerEdgeCases(t *testing.T) {
	for _, s := range lexEdgeCases {
		for _, prefix := range lexPrefixes {
			for _, p := range lexPolicies {
				compareLexer(t, prefix+s, []byte(prefix+s), p, true)
			}
		}
	}
}

// lexPrefixes put an input into each state the tokenizer reads content
// in (and with "<![CDATA[", into a CDATA section when allowed).
var lexPrefixes = []string{"", "<title>", "<textarea>", "<style>", "<xmp>", "<iframe>", "<noembed>", "<noframes>",
	"<noscript>", "<script>", "<plaintext>", "<![CDATA[", "<script><!--", "<script><!--<script>"}

func TestLexerHTML5Lib(t *testing.T) {
	var inputs []string
	for _, tc := range html5libTests(t) {
		inputs = append(inputs, tc.data)
	}
	n := len(inputs)
	inputs = append(inputs, html5libTokenizerInputs(t)...)
	t.Logf("%d tree-construction inputs, %d tokenizer inputs", n, len(inputs)-n)
	for i, s := range inputs {
		for _, prefix := range lexPrefixes {
			for _, p := range lexPolicies {
				compareLexer(t, fmt.Sprintf("input %d %q", i, prefix+s), []byte(prefix+s), p, prefix == "")
			}
		}
	}
}

// TestLexerBuilderDecisions compares the lexer with the Tokenizer under
// the builder's own AllowCDATA and NextIsNotRawText decisions: a build
// that reads the page with the Tokenizer (viaTokenizer) runs the lexer
// beside it and fails where they disagree.
func TestLexerBuilderDecisions(t *testing.T) {
	inputs := slices.Clone(lexEdgeCases)
	for _, tc := range html5libTests(t) {
		inputs = append(inputs, tc.data)
	}
	inputs = append(inputs, html5libTokenizerInputs(t)...)
	build := func(name string, src []byte) {
		d := &Document{Path: name, Src: src, File: src}
		if err := d.buildWith(true); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	for i, s := range inputs {
		for _, prefix := range []string{"", "<svg>", "<math>", "<select>"} {
			build(fmt.Sprintf("input %d %q", i, prefix+s), []byte(prefix+s))
		}
	}
	if testing.Short() || len(corpusFiles()) == 0 && !corpusRequired() {
		return
	}
	for _, f := range corpusPages(t) {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		build(f, src)
	}
}

// html5libTokenizerInputs returns the inputs of the html5lib tokenizer
// tests that ship with x/net, if they do.
func html5libTokenizerInputs(t *testing.T) []string {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "golang.org/x/net").Output()
	if err != nil {
		t.Skipf("cannot find golang.org/x/net: %v", err)
	}
	dir := filepath.Join(strings.TrimSpace(string(out)), "html", "testdata", "html5lib-tests", "tokenizer")
	files, _ := filepath.Glob(filepath.Join(dir, "*.test"))
	escaped := regexp.MustCompile(`\\u[0-9A-Fa-f]{4}`)
	var inputs []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var file struct {
			Tests []struct {
				Input         string `json:"input"`
				DoubleEscaped bool   `json:"doubleEscaped"`
			} `json:"tests"`
		}
		if err := json.Unmarshal(data, &file); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, tc := range file.Tests {
			in := tc.Input
			if tc.DoubleEscaped {
				in = escaped.ReplaceAllStringFunc(in, func(s string) string {
					r, _ := strconv.ParseUint(s[2:], 16, 32)
					return string(rune(r))
				})
			}
			inputs = append(inputs, in)
		}
	}
	if len(inputs) == 0 {
		t.Logf("no html5lib tokenizer tests in %s", dir)
	}
	return inputs
}

func TestLexerCorpus(t *testing.T) {
	for _, f := range corpusPages(t) {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for k, p := range lexPolicies {
			compareLexer(t, f, src, p, k == 0)
		}
	}
}

// FuzzLexer compares the lexer with the Tokenizer on any input, under
// each policy and with the input as the content of each raw text element,
// and attrUnescape with TagAttr on the input as an attribute value.
func FuzzLexer(f *testing.F) {
	addSeeds(f)
	for _, s := range lexEdgeCases {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		// The input as an attribute value, too.
		v := src
		for _, c := range []string{`"`, "\r", "\x00"} {
			v = bytes.ReplaceAll(v, []byte(c), nil)
		}
		if got, ok := attrUnescape(nil, v); ok {
			z := html.NewTokenizer(bytes.NewReader(append(append([]byte(`<a v="`), v...), `">`...)))
			z.Next()
			if _, want, _ := z.TagAttr(); !bytes.Equal(got, want) {
				t.Fatalf("%q: attrUnescape %q, TagAttr %q", v, got, want)
			}
		}
		for _, prefix := range lexPrefixes {
			in := append([]byte(prefix), src...)
			for k, p := range lexPolicies {
				compareLexer(t, "input", in, p, prefix == "" && k == 0)
			}
		}
	})
}

// TestLexerText checks the lexer's text of comments and doctypes where it
// differs from the page's bytes (compareLexer checks it everywhere).
func TestLexerText(t *testing.T) {
	for _, s := range []string{"<!-- a\r\nb\rc\x00 &amp;&lt;&notit; -->", "<!DOCTYPE a\r\n&amp;\x00>", "<!--\r-->", "<!-- &"} {
		l := lexer{src: []byte(s)}
		l.next(false)
		z := html.NewTokenizer(strings.NewReader(s))
		z.Next()
		if got, want := string(l.text()), string(z.Text()); got != want {
			t.Errorf("%q: text %q, want %q", s, got, want)
		}
	}
}

// TestAttrUnescape compares attrUnescape, where it decodes a value, with
// the Tokenizer's TagAttr, on values made of references and their parts.
func TestAttrUnescape(t *testing.T) {
	parts := []string{"&", "amp", "amp;", "&amp;", "#", "x", "X", "41", "1F600", "0", ";", "=", "lt", "gt;", "quot;", "apos;",
		"nbsp;", "copy", "copy;", "not", "notit;", "AMP;", "a", "b", " ", "\u00e9", "?", "&#", "&#x", "&#128;", "&#0;", "&#xD800;",
		"&#99999999;", "-", "_"}
	rng := rand.New(rand.NewPCG(5, 6))
	decoded := 0
	for i := range 20000 {
		var sb strings.Builder
		for range 1 + rng.IntN(8) {
			sb.WriteString(parts[rng.IntN(len(parts))])
		}
		v := sb.String()
		if i < len(parts) {
			v = parts[i]
		}
		got, ok := attrUnescape(nil, []byte(v))
		if !ok {
			continue
		}
		decoded++
		z := html.NewTokenizer(strings.NewReader(`<a v="` + strings.ReplaceAll(v, `"`, "") + `">`))
		z.Next()
		_, want, _ := z.TagAttr()
		if !strings.Contains(v, `"`) && string(got) != string(want) {
			t.Errorf("%q: attrUnescape %q, TagAttr %q", v, got, want)
		}
	}
	t.Logf("%d of 20000 values decoded without a Tokenizer", decoded)
}
