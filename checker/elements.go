package checker

import "golang.org/x/net/html/atom"

// Element categories used by the tree builder and the text model.
const (
	catVoid      uint16 = 1 << iota // never has children or an end tag
	catInline                       // does not start a new block of text
	catNoText                       // its content is not visible text
	catClosesP                      // a start tag implicitly closes an open <p>
	catScopeStop                    // implicit closing and end tags do not look past it
	catHeading                      // h1–h6
	catTableSect                    // tbody, thead, tfoot
	catForeign                      // svg and math: "/>" closes the element
)

// categories maps an element atom to its categories. Unknown elements
// (custom elements among them) have none: they are neither void nor
// block-breaking, as CSS treats them as inline.
var categories = map[atom.Atom]uint16{
	// Void elements.
	atom.Area: catVoid | catInline, atom.Base: catVoid | catNoText, atom.Br: catVoid | catInline,
	atom.Col: catVoid, atom.Embed: catVoid | catInline, atom.Hr: catVoid | catClosesP,
	atom.Img: catVoid | catInline, atom.Input: catVoid | catInline, atom.Keygen: catVoid | catInline,
	atom.Link: catVoid | catNoText, atom.Meta: catVoid | catNoText, atom.Param: catVoid,
	atom.Source: catVoid | catInline, atom.Track: catVoid | catInline, atom.Wbr: catVoid | catInline,

	// Phrasing content.
	atom.A: catInline, atom.Abbr: catInline, atom.Acronym: catInline, atom.B: catInline,
	atom.Bdi: catInline, atom.Bdo: catInline, atom.Big: catInline, atom.Button: catInline,
	atom.Cite: catInline, atom.Code: catInline, atom.Data: catInline, atom.Del: catInline,
	atom.Dfn: catInline, atom.Em: catInline, atom.Font: catInline, atom.I: catInline,
	atom.Ins: catInline, atom.Kbd: catInline, atom.Label: catInline, atom.Mark: catInline,
	atom.Meter: catInline, atom.Nobr: catInline, atom.Output: catInline, atom.Progress: catInline,
	atom.Q: catInline, atom.Ruby: catInline, atom.Rb: catInline, atom.Rp: catInline,
	atom.Rt: catInline, atom.Rtc: catInline, atom.S: catInline, atom.Samp: catInline,
	atom.Small: catInline, atom.Span: catInline, atom.Strike: catInline, atom.Strong: catInline,
	atom.Sub: catInline, atom.Sup: catInline, atom.Time: catInline, atom.Tt: catInline,
	atom.U: catInline, atom.Var: catInline, atom.Select: catInline, atom.Audio: catInline,
	atom.Video: catInline, atom.Canvas: catInline, atom.Picture: catInline, atom.Map: catInline,
	atom.Object: catInline | catScopeStop, atom.Applet: catInline | catScopeStop,
	atom.Svg: catInline | catForeign, atom.Math: catInline | catForeign,

	// Elements whose content is not visible text.
	atom.Head: catNoText, atom.Title: catNoText, atom.Script: catNoText | catInline, atom.Style: catNoText | catInline,
	atom.Template: catNoText | catInline | catScopeStop, atom.Noscript: catNoText | catInline, atom.Textarea: catNoText | catInline,
	atom.Iframe: catNoText | catInline, atom.Noembed: catNoText, atom.Noframes: catNoText,
	atom.Xmp: catNoText | catClosesP, atom.Plaintext: catNoText | catClosesP, atom.Datalist: catNoText,

	// Blocks that close an open <p> when they start.
	atom.Address: catClosesP, atom.Article: catClosesP, atom.Aside: catClosesP,
	atom.Blockquote: catClosesP, atom.Center: catClosesP, atom.Details: catClosesP,
	atom.Dialog: catClosesP, atom.Dir: catClosesP, atom.Div: catClosesP, atom.Dl: catClosesP,
	atom.Fieldset: catClosesP, atom.Figcaption: catClosesP, atom.Figure: catClosesP,
	atom.Footer: catClosesP, atom.Form: catClosesP, atom.Header: catClosesP, atom.Hgroup: catClosesP,
	atom.Main: catClosesP, atom.Menu: catClosesP, atom.Nav: catClosesP, atom.Ol: catClosesP,
	atom.P: catClosesP, atom.Pre: catClosesP, atom.Listing: catClosesP, atom.Section: catClosesP,
	atom.Summary: catClosesP, atom.Ul: catClosesP, atom.Li: catClosesP, atom.Dd: catClosesP,
	atom.Dt: catClosesP, atom.Table: catClosesP | catScopeStop,
	atom.H1: catClosesP | catHeading, atom.H2: catClosesP | catHeading, atom.H3: catClosesP | catHeading,
	atom.H4: catClosesP | catHeading, atom.H5: catClosesP | catHeading, atom.H6: catClosesP | catHeading,

	// Table structure.
	atom.Caption: catScopeStop, atom.Td: catScopeStop, atom.Th: catScopeStop,
	atom.Tbody: catTableSect, atom.Thead: catTableSect, atom.Tfoot: catTableSect,
	atom.Html: catScopeStop, atom.Marquee: catScopeStop,
}

// category returns the categories of an element.
func category(a atom.Atom) uint16 {
	if a == 0 {
		return 0
	}
	return categories[a]
}
