package checker

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
)

// Insertions of whole blocks (a rule's fix insert, a missing boilerplate
// paragraph) follow the markup style of the place they go: where the
// neighbouring block sits on a line of its own, the new block gets a line
// of its own with that block's indentation and the file's line ending;
// where blocks are written one after another on a line, it is inserted
// the same way.

// isSpaceByte reports whether c is HTML white space.
func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

// lineBreakAt returns the length of the line break at src[i] ("\r\n",
// "\n" or a lone "\r"), or 0.
func lineBreakAt(src []byte, i int) int {
	switch {
	case i >= len(src):
		return 0
	case src[i] == '\n':
		return 1
	case src[i] == '\r' && i+1 < len(src) && src[i+1] == '\n':
		return 2
	case src[i] == '\r':
		return 1
	}
	return 0
}

// hasLineBreak reports whether b holds a line break.
func hasLineBreak(b []byte) bool { return bytes.ContainsAny(b, "\r\n") }

// lineEnding returns the first line break of src, or "\n" when it has none.
func lineEnding(src []byte) string {
	for i := range src {
		if n := lineBreakAt(src, i); n > 0 {
			return string(src[i : i+n])
		}
	}
	return "\n"
}

// indentOf returns the white space that starts the line holding offset off.
func (d *Document) indentOf(off int) string {
	src := d.Src
	ls := off
	for ls > 0 && src[ls-1] != '\n' && src[ls-1] != '\r' {
		ls--
	}
	e := ls
	for e < len(src) && (src[e] == ' ' || src[e] == '\t') {
		e++
	}
	return string(src[ls:e])
}

// blockText lays out markup for insertion: without a trailing line break,
// its line breaks written as nl and its continuation lines indented.
func blockText(markup, indent, nl string) string {
	markup = strings.TrimRight(strings.ReplaceAll(markup, "\r\n", "\n"), "\n")
	lines := strings.Split(markup, "\n")
	for i := 1; i < len(lines); i++ {
		if lines[i] != "" {
			lines[i] = indent + lines[i]
		}
	}
	return strings.Join(lines, nl)
}

// insertAfter returns the edit that inserts markup as a block after the
// content that ends at offset at, within limit. ref is the start of the
// block whose indentation the new block takes.
func (d *Document) insertAfter(at, limit, ref int, markup string) Edit {
	src := d.Src
	for j := at; j < limit && isSpaceByte(src[j]); j++ {
		if n := lineBreakAt(src, j); n > 0 {
			nl := string(src[j : j+n])
			indent := d.indentOf(ref)
			return Edit{Start: j + n, End: j + n, Text: indent + blockText(markup, indent, nl) + nl}
		}
	}
	return Edit{Start: at, End: at, Text: blockText(markup, "", lineEnding(src))}
}

// insertBefore returns the edit that inserts markup as a block before the
// content that starts at offset at, not before limit.
func (d *Document) insertBefore(at, limit int, markup string) Edit {
	src := d.Src
	for j := at; j > limit && isSpaceByte(src[j-1]); j-- {
		if src[j-1] == '\n' || src[j-1] == '\r' {
			// src[j] is not "\n" here (it would have been seen first), so a
			// "\r" is a lone one.
			nl := string(src[j-1 : j])
			if src[j-1] == '\n' && j >= 2 && src[j-2] == '\r' {
				nl = "\r\n"
			}
			indent := d.indentOf(at)
			return Edit{Start: j, End: j, Text: indent + blockText(markup, indent, nl) + nl}
		}
	}
	return Edit{Start: at, End: at, Text: blockText(markup, "", lineEnding(src))}
}

// scopeInsert returns the edit that inserts markup as the first (atStart)
// or last block inside element n (or the document root).
func (d *Document) scopeInsert(n *html.Node, atStart bool, markup string) Edit {
	inner := d.Inner(n)
	if n == d.Root {
		inner.Start = 0
	}
	src := d.Src
	skipSpace := func(i int) int {
		for i < inner.End && isSpaceByte(src[i]) {
			i++
		}
		return i
	}
	if atStart {
		// A comment on the line of the start tag is a note about the tag;
		// the new block goes on the next line, after it.
		limit, cs := inner.Start, skipSpace(inner.Start)
		for !hasLineBreak(src[limit:cs]) && bytes.HasPrefix(src[cs:inner.End], []byte("<!--")) {
			end := bytes.Index(src[cs:inner.End], []byte("-->"))
			if end < 0 {
				break
			}
			next := cs + end + 3
			ns := skipSpace(next)
			if !hasLineBreak(src[next:ns]) {
				break
			}
			limit, cs = next, ns
		}
		return d.insertBefore(cs, limit, markup)
	}
	ce := inner.End
	for ce > inner.Start && isSpaceByte(src[ce-1]) {
		ce--
	}
	ref := ce
	for c := n.LastChild; c != nil; c = c.PrevSibling {
		if c.Type == html.TextNode && strings.TrimSpace(c.Data) == "" {
			continue
		}
		if s := d.Span(c); s.Start >= inner.Start && s.Start <= ce {
			ref = s.Start
		}
		break
	}
	if ref == ce && ce > inner.Start {
		ref = ce - 1
	}
	return d.insertAfter(ce, inner.End, ref, markup)
}

// siblingInsert returns the edit that inserts markup as a block just
// after (or before) element n.
func (d *Document) siblingInsert(n *html.Node, after bool, markup string) Edit {
	span := d.Span(n)
	if after {
		return d.insertAfter(span.End, len(d.Src), span.Start, markup)
	}
	return d.insertBefore(span.Start, 0, markup)
}

// textHidden reports whether the text of element n is not part of the
// text model because n or an element around it is script, style,
// template, noscript, or has the hidden attribute (Document.Hidden
// answers for every way of hiding): text inserted there would never be
// seen by a check.
func textHidden(n *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if n.Type != html.ElementNode {
			continue
		}
		if category(n.DataAtom)&catNoText != 0 {
			return true
		}
		for _, a := range n.Attr {
			if a.Key == "hidden" {
				return true
			}
		}
	}
	return false
}
