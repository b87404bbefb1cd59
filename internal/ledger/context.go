package ledger

import (
	"fmt"
	"io"
	"regexp"
	"strings"

	"golang.org/x/net/html"
)

// hiddenClass matches class names that hide an element from readers.
var hiddenClass = regexp.MustCompile(`(?i)^(?:hidden|d-none|sr-only|visually-?hidden|screen-reader-text|is-hidden|hide|invisible|print-only|lightbox.*)$`)

// hiddenStyle matches inline styles that hide an element.
var hiddenStyle = regexp.MustCompile(`(?i)display\s*:\s*none|visibility\s*:\s*hidden`)

// furniture matches class and id words of page furniture, around which a
// finding is usually not about the article.
var furniture = regexp.MustCompile(`(?i)related|teaser|promo|sidebar|widget|comment|newsletter|share|footer|header|nav|menu|recommend|more-?stories|card|advert|\bad\b|paywall|consent|cookie|gallery|lightbox|modal`)

// WriteContext writes what a judge needs to see of a finding: where it is
// (inside the article body or not, hidden or not, inside page furniture),
// the finding's own text, the element and its neighbours, and the images
// in the element. body is the article body the engine chose.
func (f *Finding) WriteContext(w io.Writer, body []*html.Node) {
	doc := f.Doc
	pos := f.Finding.Start
	fmt.Fprintf(w, "  message:  %s\n", f.Finding.Message)
	fmt.Fprintf(w, "  at:       %d:%d %s\n", pos.Line, pos.Column, f.Path)
	inBody := "no"
	for _, b := range body {
		if b.Type == html.DocumentNode || within(f.Node, b) {
			inBody = "yes, in " + startTag(b)
		}
	}
	fmt.Fprintf(w, "  in body:  %s\n", inBody)
	var hidden, around []string
	for n := f.Node; n != nil && n.Type == html.ElementNode; n = n.Parent {
		if why := hiddenBy(n); why != "" {
			hidden = append(hidden, startTag(n)+" ("+why+")")
		}
		if n != f.Node && n.Data != "body" && n.Data != "html" && (n.Data == "aside" || n.Data == "nav" || n.Data == "footer" || n.Data == "header" || furniture.MatchString(attr(n, "class")+" "+attr(n, "id"))) {
			around = append(around, startTag(n))
		}
	}
	if len(hidden) > 0 {
		checked := "the checker reads it as visible"
		if f.Node != nil && doc.Hidden(f.Node) {
			checked = "the checker reads it as hidden"
		}
		fmt.Fprintf(w, "  HIDDEN:   %s (%s)\n", strings.Join(hidden, " < "), checked)
	}
	if len(around) > 0 {
		fmt.Fprintf(w, "  inside:   %s\n", strings.Join(around, " < "))
	}
	if t := spanText(doc, f.Span, 300); t != "" {
		fmt.Fprintf(w, "  match:    %s\n", t)
	}
	if f.Node == nil {
		return
	}
	if prev := elementSibling(f.Node, -1); prev != nil {
		fmt.Fprintf(w, "  before:   %s %s\n", startTag(prev), spanText(doc, doc.Span(prev), 300))
	}
	fmt.Fprintf(w, "  element:  %s %s\n", startTag(f.Node), spanText(doc, doc.Span(f.Node), 600))
	imgs := 0
	walk(f.Node, func(n *html.Node) {
		if n.Data == "img" || n.Data == "amp-img" {
			if imgs++; imgs <= 3 {
				fmt.Fprintf(w, "  image:    %s\n", startTag(n))
			}
		}
	})
	if next := elementSibling(f.Node, 1); next != nil {
		fmt.Fprintf(w, "  after:    %s %s\n", startTag(next), spanText(doc, doc.Span(next), 300))
	}
}

// hiddenBy says what hides element n from readers, or "".
func hiddenBy(n *html.Node) string {
	for _, a := range n.Attr {
		switch {
		case a.Key == "hidden":
			return "hidden"
		case a.Key == "aria-hidden" && strings.EqualFold(a.Val, "true"):
			return "aria-hidden"
		case a.Key == "style" && hiddenStyle.MatchString(a.Val):
			return "style"
		case a.Key == "class":
			for _, c := range strings.Fields(a.Val) {
				if hiddenClass.MatchString(c) {
					return "class " + c
				}
			}
		}
	}
	switch n.Data {
	case "template", "noscript":
		return n.Data
	}
	return ""
}

// within reports whether n is a or inside it.
func within(n, a *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if n == a {
			return true
		}
	}
	return false
}

func elementSibling(n *html.Node, dir int) *html.Node {
	for {
		if dir < 0 {
			n = n.PrevSibling
		} else {
			n = n.NextSibling
		}
		if n == nil || n.Type == html.ElementNode {
			return n
		}
	}
}

func walk(n *html.Node, fn func(*html.Node)) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			fn(c)
			walk(c, fn)
		}
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val
		}
	}
	return ""
}

// startTag writes n's start tag, long attribute values cut.
func startTag(n *html.Node) string {
	if n.Type != html.ElementNode {
		return "(document)"
	}
	var b strings.Builder
	b.WriteString("<" + n.Data)
	for _, a := range n.Attr {
		v := a.Val
		if r := []rune(v); len(r) > 80 {
			v = string(r[:80]) + "…"
		}
		fmt.Fprintf(&b, " %s=%q", a.Key, v)
	}
	b.WriteString(">")
	return b.String()
}
