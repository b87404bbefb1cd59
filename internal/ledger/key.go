package ledger

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/copydesk/copydesk/checker"
	"golang.org/x/net/html"
)

// textRunes is how much of a finding's text its key keeps.
const textRunes = 60

// keyed returns the ledger entry of a finding of doc.
//
// The key is the rule, the finding's text and the path of the innermost
// element that holds the finding's span, such as
// html>body>div.main>article>figure[2] (tag, first class, and the
// element's place among its parent's children of the same tag when there
// are several). The text is the visible text of the span — or, when the
// span holds none (a start tag, an image), of that element — with white
// space collapsed, cut to its first 60 characters. No byte offset is in
// it: an edit elsewhere in the page leaves the key alone, and so does a
// rule whose span grows or shrinks within the same element (the start
// tag of a figure or the whole figure give the caption's text), as long
// as the text's start stays the same.
func keyed(doc *checker.Document, f checker.Finding) Finding {
	span := checker.Span{Start: doc.SrcOffset(f.Span.Start), End: doc.SrcOffset(f.Span.End)}
	n := innermost(doc, span)
	text := spanText(doc, span, textRunes)
	if text == "" && n != nil {
		text = spanText(doc, doc.Span(n), textRunes)
	}
	return Finding{
		Entry:   Entry{Page: doc.Path, Rule: f.Rule.ID, Text: text, Path: ElementPath(n)},
		Finding: f,
		Span:    span,
		Node:    n,
		Doc:     doc,
	}
}

// number tells findings of a page with the same key apart: the second in
// document order gets " #2" after its path, the third " #3", and so on.
func number(fs []Finding) {
	seen := map[string]int{}
	for i := range fs {
		k := fs[i].Key()
		seen[k]++
		if n := seen[k]; n > 1 {
			fs[i].Path += " #" + strconv.Itoa(n)
		}
	}
}

// innermost returns the innermost element whose span holds span, or nil.
func innermost(doc *checker.Document, span checker.Span) *html.Node {
	var found *html.Node
	n := doc.Root
	for {
		var next *html.Node
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			cs := doc.Span(c)
			if cs.Contains(span) && (span.Len() > 0 || span.Start < cs.End) {
				next = c
				break
			}
		}
		if next == nil {
			return found
		}
		found, n = next, next
	}
}

// ElementPath returns the path of element n from the root, as the
// ledger's keys write it; "(document)" for nil.
func ElementPath(n *html.Node) string {
	if n == nil {
		return "(document)"
	}
	var segs []string
	for ; n != nil && n.Type == html.ElementNode; n = n.Parent {
		segs = append(segs, pathSegment(n))
	}
	var b strings.Builder
	for i := len(segs) - 1; i >= 0; i-- {
		b.WriteString(segs[i])
		if i > 0 {
			b.WriteByte('>')
		}
	}
	return b.String()
}

// pathSegment is tag.firstclass[k], with [k] only when the parent has
// several children of n's tag.
func pathSegment(n *html.Node) string {
	s := n.Data
	for _, a := range n.Attr {
		if a.Key == "class" && a.Namespace == "" {
			if f := strings.Fields(a.Val); len(f) > 0 {
				s += "." + clean(f[0])
			}
			break
		}
	}
	if n.Parent == nil {
		return s
	}
	k, total := 0, 0
	for c := n.Parent.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.Data == n.Data {
			total++
			if c == n {
				k = total
			}
		}
	}
	if total > 1 {
		s += "[" + strconv.Itoa(k) + "]"
	}
	return s
}

// spanText returns the visible text of doc within span, white space
// collapsed, cut to max characters.
func spanText(doc *checker.Document, span checker.Span, max int) string {
	var b strings.Builder
	runes, space := 0, false
	for i := range doc.Blocks {
		blk := &doc.Blocks[i]
		if blk.Span.End <= span.Start || blk.Span.Start >= span.End {
			continue
		}
		lo, hi := doc.TextRange(blk, span)
		for _, r := range blk.Text[lo:hi] {
			if unicode.IsSpace(r) || unicode.IsControl(r) {
				space = true
				continue
			}
			if space && runes > 0 {
				if runes+1 == max {
					return b.String()
				}
				b.WriteByte(' ')
				runes++
			}
			space = false
			b.WriteRune(r)
			if runes++; runes == max {
				return b.String()
			}
		}
		space = true // blocks are separated by a space
	}
	return b.String()
}

// clean replaces what would break a ledger line or a path in a class name.
func clean(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r == '>' || r == utf8.RuneError || unicode.IsControl(r) }) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == '>' || r == utf8.RuneError || unicode.IsControl(r) {
			return '_'
		}
		return r
	}, s)
}
