package checker

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/rules"
)

// para returns n paragraphs of about 120 characters each, marked with tag.
func para(tag string, n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString("<p>" + tag + " paragraph " + strings.Repeat("with some ordinary words of text ", 3) + strings.Repeat("x", i) + ".</p>\n")
	}
	return b.String()
}

func TestContent(t *testing.T) {
	eng, err := New(&rules.Set{Config: &rules.Config{Content: rules.DefaultContent}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		page string
		want string // the start of the chosen element's start tag
		how  string // a part of the explanation
	}{{
		name: "the configured article",
		page: "<body><header>" + para("nav", 1) + "</header><article class=story>" + para("body", 8) + "</article><footer>" + para("foot", 2) + "</footer></body>",
		want: "<article class=story>", how: `article (alternative 1 of`,
	}, {
		name: "a teaser article in the sidebar is not the body",
		page: "<body><div class=story>" + para("body", 8) + "</div><aside><article class=teaser>" + para("teaser", 1) + "</article></aside></body>",
		want: "<div class=story>", how: "the best-scored element",
	}, {
		name: "itemprop=articleBody when the article element is a teaser",
		page: "<body><aside><article>" + para("teaser", 1) + "</article></aside><div class=wrap><div itemprop=articleBody>" + para("body", 8) + "</div></div></body>",
		want: "<div itemprop=articleBody>", how: "alternative 2 of",
	}, {
		name: "the article holds less than the comments but enough",
		page: "<body><main><article>" + para("body", 6) + "</article><div class=comments>" + para("comment", 9) + "</div></main></body>",
		want: "<article>", how: `article (alternative 1`,
	}, {
		name: "a long text widget in the sidebar loses to the story",
		page: "<body><div class=sidebar><div class=textwidget>" + para("widget", 9) + "</div></div><div class=post><div class=text>" + para("body", 6) + "</div></div></body>",
		want: "<div class=text>", how: "the best-scored element",
	}, {
		name: "link paragraphs do not count",
		page: "<body><div class=list>" + strings.ReplaceAll(strings.ReplaceAll(para("teaser", 12), "<p>", "<p><a href=/x>"), "</p>", "</a></p>") + "</div><div class=story>" + para("body", 6) + "</div></body>",
		want: "<div class=story>", how: "the best-scored element",
	}, {
		name: "a short page keeps every match",
		page: "<body><article><p>One teaser of a listing page.</p></article><article><p>Another teaser.</p></article></body>",
		want: "<article>", how: "first match of",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse("a.html", []byte(tt.page))
			if err != nil {
				t.Fatal(err)
			}
			c := eng.Content(doc)
			if len(c.Nodes) == 0 {
				t.Fatal("no content")
			}
			tag := doc.StartTag(c.Nodes[0])
			if got := string(doc.Src[tag.Start:tag.End]); got != tt.want || !strings.Contains(c.How, tt.how) {
				t.Errorf("content %s (%s), want %s (%s)", got, c.How, tt.want, tt.how)
			}
			if d := c.Describe(doc); !regexp.MustCompile(`^\d+:\d+: <`).MatchString(d) || !strings.Contains(d, tt.want) {
				t.Errorf("Describe = %q", d)
			}
		})
	}
	doc, _ := Parse("a.html", []byte("<body><article><p>One.</p></article><article><p>Two.</p></article></body>"))
	if c := eng.Content(doc); len(c.Nodes) != 2 {
		t.Errorf("short page: %d content elements, want both articles", len(c.Nodes))
	}
}

// TestContentOfArticles checks the content chosen on the test articles:
// the <article> of every page.
func TestContentOfArticles(t *testing.T) {
	eng, err := New(&rules.Set{Config: &rules.Config{Content: rules.DefaultContent}})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range testdataArticles(t) {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := Parse(f, src)
		if err != nil {
			t.Fatal(err)
		}
		c := eng.Content(doc)
		if len(c.Nodes) != 1 || c.Nodes[0].Data != "article" {
			t.Errorf("%s: content %s", f, c.Describe(doc))
		}
	}
}
