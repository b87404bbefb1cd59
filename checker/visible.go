package checker

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// What readers do not see (docs/rules.md, "Text model"): an element is hidden
// when its own markup says so, whatever the site's style sheets do:
//
//   - the hidden attribute;
//   - an inline style with display: none or visibility: hidden;
//   - a class that hides it in the common CSS frameworks and themes
//     (hidden, hide, d-none, invisible, sr-only, visually-hidden,
//     screen-reader-text, element-invisible, is-hidden, u-hidden,
//     u-is-hidden), unless
//     another class shows it at some screen width (Bootstrap's
//     "d-none d-md-block", Tailwind's "hidden md:block"): such an element
//     is one of two responsive copies, and readers on some screens see it;
//   - a <dialog> without open, and AMP lightboxes, which open on a click;
//   - the content of a <template>, which a script may use or not.
//
// Everything inside a hidden element is hidden too: its text is no block,
// and the engine neither checks it as an each element nor finds it with
// a selector (see Document.Query). aria-hidden="true" does not hide:
// sites put it on visible text that screen readers would read twice, such
// as a photo credit the image's alt text repeats, or a dateline.

// hides reports whether an element's own markup hides it.
func hides(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Template:
		return true
	case atom.Dialog:
		return !hasAttr(n, "open")
	case 0:
		if n.Data == "amp-lightbox" || n.Data == "amp-image-lightbox" {
			return true
		}
	}
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return true
		case "style":
			if styleHides(a.Val) {
				return true
			}
		case "class":
			if classHides(a.Val) {
				return true
			}
		}
	}
	return false
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// styleHides reports whether an inline style sets display: none or
// visibility: hidden.
func styleHides(style string) bool {
	if !containsFoldASCII(style, "none") && !containsFoldASCII(style, "hidden") {
		return false
	}
	for _, decl := range strings.Split(style, ";") {
		prop, val, ok := strings.Cut(decl, ":")
		if !ok {
			continue
		}
		prop = strings.ToLower(strings.TrimSpace(prop))
		val = strings.ToLower(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(val), "!important")))
		if prop == "display" && val == "none" || prop == "visibility" && val == "hidden" {
			return true
		}
	}
	return false
}

// classHides reports whether a class attribute hides its element: it
// names a hiding class and no class that shows the element at some
// screen width.
func classHides(class string) bool {
	if !strings.Contains(class, "hid") && !strings.Contains(class, "none") &&
		!strings.Contains(class, "invisible") && !strings.Contains(class, "sr-only") &&
		!strings.Contains(class, "screen-reader") {
		return false
	}
	hidden := false
	for rest := class; rest != ""; {
		// The next token, split at ASCII white space as the class
		// attribute is.
		i := 0
		for i < len(rest) && !isClassSpace(rest[i]) {
			i++
		}
		c := rest[:i]
		for i < len(rest) && isClassSpace(rest[i]) {
			i++
		}
		rest = rest[i:]
		switch c {
		case "":
		case "hidden", "hide", "d-none", "invisible", "sr-only", "visually-hidden", "visuallyhidden",
			"screen-reader-text", "element-invisible", "is-hidden", "u-hidden", "u-is-hidden":
			hidden = true
		default:
			if showsAtWidth(c) {
				return false
			}
		}
	}
	return hidden
}

func isClassSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

// showsAtWidth reports whether a class shows its element under some
// condition, as responsive utility classes do: Bootstrap's d-md-block
// (d-{breakpoint}-{display}), Tailwind's md:block ({variant}:{display}).
func showsAtWidth(c string) bool {
	var display string
	switch {
	case strings.HasPrefix(c, "d-"):
		bp, disp, ok := strings.Cut(c[2:], "-")
		if !ok || !breakpoint(bp) {
			return false
		}
		display = disp
	case strings.Contains(c, ":"):
		i := strings.LastIndexByte(c, ':')
		if c[:i] == "print" {
			return false
		}
		display = c[i+1:]
	default:
		return false
	}
	switch display {
	case "block", "inline", "inline-block", "flex", "inline-flex", "grid", "inline-grid", "table", "table-cell", "table-row", "contents", "flow-root", "list-item":
		return true
	}
	return false
}

func breakpoint(s string) bool {
	switch s {
	case "xs", "sm", "md", "lg", "xl", "xxl":
		return true
	}
	return false
}

// Hidden reports whether readers do not see element n: it, or an element
// around it, is hidden by its markup (see the comment at the top of
// visible.go). Nodes of another document are never hidden.
func (d *Document) Hidden(n *html.Node) bool {
	if d.hidden == nil {
		return false
	}
	id := d.id(n)
	return id >= 0 && d.hiddenID(id)
}

// hiddenID is Hidden by node id.
func (d *Document) hiddenID(id int32) bool {
	i := int(id) / 64
	return i < len(d.hidden) && d.hidden[i]&(1<<(uint(id)%64)) != 0
}

// hide marks the node with the given id as hidden.
func (d *Document) hide(id int32) {
	i := int(id) / 64
	if i >= len(d.hidden) {
		d.hidden = append(d.hidden, make([]uint64, i+1-len(d.hidden))...)
	}
	d.hidden[i] |= 1 << (uint(id) % 64)
}

// containsFoldASCII reports whether s contains sub (lower-case ASCII) in
// any ASCII case.
func containsFoldASCII(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		j := 0
		for j < len(sub) && s[i+j]|0x20 == sub[j] {
			j++
		}
		if j == len(sub) {
			return true
		}
	}
	return false
}
