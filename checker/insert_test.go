package checker

import (
	"strings"
	"testing"
)

// TestInsertStyle checks where and how a rule's insertion lands: on a line
// of its own with the indentation of the block before it and the line
// ending of the file, or inline where the markup is written inline.
func TestInsertStyle(t *testing.T) {
	const ins = `<p>Credit: AP</p>`
	tests := []struct {
		name, at, insert, src, want string
	}{
		{
			name: "end, indented",
			at:   "end", src: "<main>\n  <article>\n    <h1>T</h1>\n    <p>Text.</p>\n  </article>\n</main>\n",
			want: "<main>\n  <article>\n    <h1>T</h1>\n    <p>Text.</p>\n    <p>Credit: AP</p>\n  </article>\n</main>\n",
		},
		{
			name: "end, after a nested block: its indentation, not its last line's",
			at:   "end", src: "<article>\n\t<div class=body>\n\t\t<p>Text.</p>\n\t</div>\n</article>",
			want: "<article>\n\t<div class=body>\n\t\t<p>Text.</p>\n\t</div>\n\t<p>Credit: AP</p>\n</article>",
		},
		{
			name: "end, CRLF",
			at:   "end", src: "<article>\r\n  <p>Text.</p>\r\n</article>\r\n",
			want: "<article>\r\n  <p>Text.</p>\r\n  <p>Credit: AP</p>\r\n</article>\r\n",
		},
		{
			name: "end, lone CR",
			at:   "end", src: "<article>\r  <p>Text.</p>\r</article>\r",
			want: "<article>\r  <p>Text.</p>\r  <p>Credit: AP</p>\r</article>\r",
		},
		{
			name: "end, inline",
			at:   "end", src: "<article><p>Text.</p></article>\n",
			want: "<article><p>Text.</p><p>Credit: AP</p></article>\n",
		},
		{
			name: "end, closing tag on the last line of text",
			at:   "end", src: "<article>\n<p>Text.</p></article>\n",
			want: "<article>\n<p>Text.</p><p>Credit: AP</p></article>\n",
		},
		{
			name: "end, trailing comment and blank line",
			at:   "end", src: "<article>\n  <p>Text.</p> <!-- note -->\n\n</article>\n",
			want: "<article>\n  <p>Text.</p> <!-- note -->\n  <p>Credit: AP</p>\n\n</article>\n",
		},
		{
			name: "end, no closing tag and no final line break",
			at:   "end", src: "<article>\n  <p>Text.</p>",
			want: "<article>\n  <p>Text.</p><p>Credit: AP</p>",
		},
		{
			name: "end, before an unfinished tag at the end of the file",
			at:   "end", src: "<article>\n  <p>Text.</p>\n<meta charset=\"iso-2022-kr\"",
			want: "<article>\n  <p>Text.</p>\n  <p>Credit: AP</p>\n<meta charset=\"iso-2022-kr\"",
		},
		{
			name: "end, before a comment that is never closed",
			at:   "end", src: "<article>\n  <p>Text.</p>\n<!-- draft: <p>old</p>",
			want: "<article>\n  <p>Text.</p>\n  <p>Credit: AP</p>\n<!-- draft: <p>old</p>",
		},
		{
			name: "end, before a script that is never closed",
			at:   "end", src: "<article>\n  <p>Text.</p>\n  <script>var x = '</article>';",
			want: "<article>\n  <p>Text.</p>\n  <p>Credit: AP</p>\n  <script>var x = '</article>';",
		},
		{
			name: "start, indented",
			at:   "start", src: "<article>\n    <h1>T</h1>\n    <p>Text.</p>\n</article>\n",
			want: "<article>\n    <p>Credit: AP</p>\n    <h1>T</h1>\n    <p>Text.</p>\n</article>\n",
		},
		{
			name: "start, CRLF, comment on the start tag's line",
			at:   "start", src: "<article> <!-- lead -->\r\n  <h1>T</h1>\r\n</article>\r\n",
			want: "<article> <!-- lead -->\r\n  <p>Credit: AP</p>\r\n  <h1>T</h1>\r\n</article>\r\n",
		},
		{
			name: "start, a comment on its own line stays before the next element",
			at:   "start", src: "<article>\n  <!-- copydesk-ignore x -- reason -->\n  <h1>T</h1>\n</article>\n",
			want: "<article>\n  <p>Credit: AP</p>\n  <!-- copydesk-ignore x -- reason -->\n  <h1>T</h1>\n</article>\n",
		},
		{
			name: "start, inline",
			at:   "start", src: "<article><h1>T</h1></article>",
			want: "<article><p>Credit: AP</p><h1>T</h1></article>",
		},
		{
			name: "empty scope",
			at:   "end", src: "<article></article>",
			want: "<article><p>Credit: AP</p></article>",
		},
		{
			name: "multi-line insert, indented, CRLF",
			at:   "end", insert: "<aside>\n  <p>Credit: AP</p>\n</aside>\n",
			src:  "<article>\r\n    <p>Text.</p>\r\n</article>\r\n",
			want: "<article>\r\n    <p>Text.</p>\r\n    <aside>\r\n      <p>Credit: AP</p>\r\n    </aside>\r\n</article>\r\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			insert := tt.insert
			if insert == "" {
				insert = ins
			}
			yml := "version: 1\npack: t\nrules:\n  - id: t/credit\n    title: Credit\n    scope: article\n    require: {text: 'Credit: AP'}\n" +
				"    fix:\n      insert: " + quoteYAML(insert) + "\n      at: " + tt.at + "\n"
			eng := loadTestRules(t, "rules.yml", []byte(yml), nil)
			res := fixFile(t, eng, "a.html", []byte(tt.src), Options{})
			if string(res.Doc.File) != tt.want {
				t.Errorf("fixed:\n%q\nwant:\n%q", res.Doc.File, tt.want)
			}
			if res.Fixed != 1 {
				t.Errorf("%d fixes, want 1", res.Fixed)
			}
		})
	}
}

// quoteYAML writes s as a double-quoted YAML scalar.
func quoteYAML(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`)
	return `"` + r.Replace(s) + `"`
}

func TestTextHidden(t *testing.T) {
	// A scope whose text is not in the text model (here <head>) gets its
	// finding without a fix; hidden elements are no scope at all.
	eng := loadTestRules(t, "rules.yml", []byte("version: 1\npack: t\nrules:\n  - id: t/credit\n    title: Credit\n    scope: article, head\n    require: {text: 'Credit: AP'}\n    fix: {insert: '<p>Credit: AP</p>', at: end}\n"), nil)
	doc, err := Parse("a.html", []byte("<head><title>T</title></head><section hidden><article><p>Text.</p></article></section><template><article></article></template>"))
	if err != nil {
		t.Fatal(err)
	}
	fs, err := eng.Check(doc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 1 || fs[0].Start.Column != 1 {
		t.Fatalf("findings %v, want one on <head>", fs)
	}
	for _, f := range fs {
		if f.Fix != nil {
			t.Errorf("%d:%d: a fix inserts into hidden text: %s", f.Start.Line, f.Start.Column, f.Fix.Message)
		}
	}
}
