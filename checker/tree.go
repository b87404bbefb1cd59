package checker

import (
	"bytes"
	"strings"
	"unsafe"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Tree construction: the insertion modes of the HTML standard's parsing
// algorithm ("13.2.6 Tree construction"), so that the tree the rules see
// is the tree a reader's browser builds from the same bytes: the adoption
// agency algorithm for misnested formatting elements, foster parenting of
// what a table holds outside its cells, foreign content (svg, math),
// select, template, frameset, ruby, the rows and column groups a table
// implies, "</br>" as "<br>", a stray "</p>" as an empty paragraph.
//
// What copydesk adds to the standard is positions: every element with a
// start tag in the source starts exactly there (Document.StartTag), and
// ends where its end tag ends or where the token that closed it starts.
// Elements the algorithm makes without a start tag of their own — a clone
// of a formatting element reopened after a block, a row around cells
// written without one, the paragraph of a stray "</p>" — have an empty
// start tag at the place the algorithm made them.
//
// Unlike a browser, copydesk invents no html, head, body or tbody element
// where the source has no tag for it. Those four wrap a page in every
// browser, so their absence says something a rule can use: an article
// fragment from a CMS has no body, a full page has one, and a rule's
// `scope: body` or the article-body heuristic (content.go) means the
// whole fragment in the first case and the page's body in the second,
// where an inserted fix then goes. The algorithm still runs with them (a
// late <frameset>, a <td> without a table section or text after </body>
// need them); they are taken out of the tree when it is done, their
// children put in their place.

// insertion mode of the tree construction.
type insertionMode uint8

const (
	modeInitial insertionMode = iota
	modeBeforeHTML
	modeBeforeHead
	modeInHead
	modeAfterHead
	modeInBody
	modeText
	modeInTable
	modeInTableText
	modeInCaption
	modeInColumnGroup
	modeInTableBody
	modeInRow
	modeInCell
	modeInTemplate
	modeAfterBody
	modeInFrameset
	modeAfterFrameset
	modeAfterAfterBody
	modeAfterAfterFrameset
)

// Namespaces of elements on the stack.
const (
	nsHTML uint8 = iota
	nsSVG
	nsMath
)

// tagToken is a start or end tag being processed.
type tagToken struct {
	a        atom.Atom
	name     []byte // lower case
	nameRaw  []byte // as written (nil when read through the tokenizer)
	raw      []byte
	off, end int
	self     bool // "/>"
	endTag   bool
	// brAsStart: an end tag </br> processed as a start tag <br>; pFromEnd:
	// a </p> that makes an empty p. Their "start tag" is the end tag.
	fromEnd bool
}

func (t *tagToken) is(as ...atom.Atom) bool {
	for _, a := range as {
		if t.a == a {
			return true
		}
	}
	return false
}

// fmtEntry is an entry of the list of active formatting elements; a
// marker when n is nil.
type fmtEntry struct {
	n  *html.Node
	id int32
	a  atom.Atom
}

// treeState is the state of tree construction beyond the stack.
type treeState struct {
	mode, original insertionMode
	templateModes  []insertionMode
	active         []fmtEntry
	head           *html.Node // the head element pointer
	headID         int32
	form           *html.Node // the form element pointer
	framesetOK     bool
	fostering      bool // foster parenting
	quirks         bool
	pending        []textPiece // in table text
	// implied lists the elements made without a start tag that are
	// taken out of the tree at the end: html, head, body and tbody.
	implied []int32
	// reordered: a node was put before another, or moved: node ids are
	// no longer in tree order until renumbered (see renumber).
	reordered       bool
	transparentOpen int // implied html, head, body, tbody on the stack
	// outlived are elements closed while elements inside them stayed open.
	outlived []int32
	// bodyEnd: the offset of </body> (and htmlEnd of </html>), where the
	// content of those elements ends for a fix, or -1.
	bodyEnd, bodyEndTag, htmlEnd, htmlEndTag int
}

// textPiece is a part of a text token.
type textPiece struct {
	raw []byte
	off int
}

// isSpaceByte reports whether c is HTML white space (for the tree
// construction, a carriage return is, as the tokenizer makes it a line
// feed).
func isWS(c byte) bool { return tagBytes[c]&tbSpace != 0 }

// leadingSpace returns the length of the white space that starts raw.
func leadingSpace(raw []byte) int {
	i := 0
	for i < len(raw) && isWS(raw[i]) {
		i++
	}
	return i
}

// ---- the stack of open elements ----

// isHTML reports whether stack entry e is the HTML element a.
func (e *open) isHTML(a atom.Atom) bool { return e.atom == a && e.ns == nsHTML }

// tablePart reports whether e is a table, a table section or a row: what
// foster parenting moves content out of.
func (e *open) tablePart() bool {
	return e.ns == nsHTML && (e.atom == atom.Table || e.atom == atom.Tbody || e.atom == atom.Tfoot || e.atom == atom.Thead || e.atom == atom.Tr)
}

// special reports whether e is in the special category of the standard.
func (e *open) special() bool {
	switch e.ns {
	case nsHTML:
		return specialHTML(e.atom)
	case nsMath:
		switch e.atom {
		case atom.Mi, atom.Mo, atom.Mn, atom.Ms, atom.Mtext, atom.AnnotationXml:
			return true
		}
	case nsSVG:
		return e.atom == atom.Foreignobject || e.atom == atom.Desc || e.atom == atom.Title
	}
	return false
}

func specialHTML(a atom.Atom) bool {
	switch a {
	case atom.Address, atom.Applet, atom.Area, atom.Article, atom.Aside, atom.Base, atom.Basefont,
		atom.Bgsound, atom.Blockquote, atom.Body, atom.Br, atom.Button, atom.Caption, atom.Center,
		atom.Col, atom.Colgroup, atom.Dd, atom.Details, atom.Dir, atom.Div, atom.Dl, atom.Dt, atom.Embed,
		atom.Fieldset, atom.Figcaption, atom.Figure, atom.Footer, atom.Form, atom.Frame, atom.Frameset,
		atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Head, atom.Header, atom.Hgroup,
		atom.Hr, atom.Html, atom.Iframe, atom.Img, atom.Input, atom.Keygen, atom.Li, atom.Link,
		atom.Listing, atom.Main, atom.Marquee, atom.Menu, atom.Meta, atom.Nav, atom.Noembed,
		atom.Noframes, atom.Noscript, atom.Object, atom.Ol, atom.P, atom.Param, atom.Plaintext,
		atom.Pre, atom.Script, atom.Search, atom.Section, atom.Select, atom.Source, atom.Style,
		atom.Summary, atom.Table, atom.Tbody, atom.Td, atom.Template, atom.Textarea, atom.Tfoot,
		atom.Th, atom.Thead, atom.Title, atom.Tr, atom.Track, atom.Ul, atom.Wbr, atom.Xmp:
		return true
	}
	return false
}

// Kinds of scope of the standard's "has an element in scope".
type scopeKind uint8

const (
	scopeDefault scopeKind = iota
	scopeListItem
	scopeButton
	scopeTable
	scopeSelect
)

// bounds reports whether e ends a search for an element in a scope of kind k.
func (e *open) bounds(k scopeKind) bool {
	switch k {
	case scopeTable:
		return e.ns == nsHTML && (e.atom == atom.Html || e.atom == atom.Table || e.atom == atom.Template)
	case scopeSelect:
		return e.ns != nsHTML || e.atom != atom.Optgroup && e.atom != atom.Option
	}
	switch e.ns {
	case nsHTML:
		switch e.atom {
		case atom.Applet, atom.Caption, atom.Html, atom.Table, atom.Td, atom.Th, atom.Marquee, atom.Object, atom.Template, atom.Select:
			return true
		case atom.Ol, atom.Ul:
			return k == scopeListItem
		case atom.Button:
			return k == scopeButton
		}
	case nsMath:
		switch e.atom {
		case atom.Mi, atom.Mo, atom.Mn, atom.Ms, atom.Mtext, atom.AnnotationXml:
			return true
		}
	case nsSVG:
		return e.atom == atom.Foreignobject || e.atom == atom.Desc || e.atom == atom.Title
	}
	return false
}

// inScope returns the stack index of the innermost HTML element a in a
// scope of kind k, or -1.
func (b *builder) inScope(k scopeKind, as ...atom.Atom) int {
	found := false
	for _, a := range as {
		if *b.openAtoms.count(a) > 0 {
			found = true
		}
	}
	if !found {
		return -1
	}
	for i := len(b.stack) - 1; i > 0; i-- {
		e := &b.stack[i]
		if e.ns == nsHTML {
			for _, a := range as {
				if e.atom == a {
					return i
				}
			}
		}
		if e.bounds(k) {
			return -1
		}
	}
	return -1
}

// onStack returns the stack index of the innermost HTML element a, or -1.
func (b *builder) onStack(a atom.Atom) int {
	if *b.openAtoms.count(a) == 0 {
		return -1
	}
	for i := len(b.stack) - 1; i > 0; i-- {
		if b.stack[i].isHTML(a) {
			return i
		}
	}
	return -1
}

// indexOf returns the stack index of node n, or -1.
func (b *builder) indexOf(n *html.Node) int {
	for i := len(b.stack) - 1; i > 0; i-- {
		if b.stack[i].n == n {
			return i
		}
	}
	return -1
}

// popTo pops the stack down to and including index i; the popped
// elements end where the current token starts, the element at i (which
// the current end tag closes, when endTag) where the token ends.
func (b *builder) popTo(i int, endTag bool) {
	for len(b.stack)-1 > i {
		b.pop(b.off, b.off)
	}
	if len(b.stack)-1 == i && i > 0 {
		if endTag {
			b.pop(b.off, b.tokEnd)
		} else {
			b.pop(b.off, b.off)
		}
	}
}

// popUntil pops up to and including the innermost HTML element that is
// one of as.
func (b *builder) popUntil(endTag bool, as ...atom.Atom) {
	for i := len(b.stack) - 1; i > 0; i-- {
		e := &b.stack[i]
		if e.ns == nsHTML {
			for _, a := range as {
				if e.atom == a {
					b.popTo(i, endTag)
					return
				}
			}
		}
	}
}

// impliedEnd reports whether the standard's "generate implied end tags"
// pops e (thoroughly: also the table parts).
func (e *open) impliedEnd(thorough bool) bool {
	if e.ns != nsHTML {
		return false
	}
	switch e.atom {
	case atom.Dd, atom.Dt, atom.Li, atom.Optgroup, atom.Option, atom.P, atom.Rb, atom.Rp, atom.Rt, atom.Rtc:
		return true
	case atom.Caption, atom.Colgroup, atom.Tbody, atom.Td, atom.Tfoot, atom.Th, atom.Thead, atom.Tr:
		return thorough
	}
	return false
}

// generateImpliedEnd pops the elements that end implicitly, but for the
// HTML element except.
func (b *builder) generateImpliedEnd(except atom.Atom, thorough bool) {
	for len(b.stack) > 1 {
		t := b.top()
		if !t.impliedEnd(thorough) || t.atom == except && except != 0 {
			return
		}
		b.pop(b.off, b.off)
	}
}

// closeP closes a p element in button scope.
func (b *builder) closeP(endTag bool) {
	b.generateImpliedEnd(atom.P, false)
	b.popUntil(endTag, atom.P)
}

// clearBackTo pops until the current node is one of as, html or template.
func (b *builder) clearBackTo(as ...atom.Atom) {
	for len(b.stack) > 1 {
		t := b.top()
		if t.ns == nsHTML && (t.atom == atom.Html || t.atom == atom.Template) {
			return
		}
		for _, a := range as {
			if t.isHTML(a) {
				return
			}
		}
		b.pop(b.off, b.off)
	}
}

// ---- the list of active formatting elements ----

func (b *builder) pushMarker() { b.active = append(b.active, fmtEntry{}) }

func (b *builder) clearToMarker() {
	for len(b.active) > 0 {
		e := b.active[len(b.active)-1]
		b.active = b.active[:len(b.active)-1]
		if e.n == nil {
			return
		}
	}
}

// pushFormatting adds the current node to the list, with the standard's
// limit of three equal entries after the last marker.
func (b *builder) pushFormatting() {
	t := b.top()
	same, first := 0, -1
	for i := len(b.active) - 1; i >= 0; i-- {
		e := b.active[i]
		if e.n == nil {
			break
		}
		if e.a == t.atom && e.n.Data == t.n.Data && sameAttrs(e.n.Attr, t.n.Attr) {
			same++
			first = i
		}
	}
	if same >= 3 {
		b.active = append(b.active[:first], b.active[first+1:]...)
	}
	b.active = append(b.active, fmtEntry{n: t.n, id: t.id, a: t.atom})
}

func sameAttrs(x, y []html.Attribute) bool {
	if len(x) != len(y) {
		return false
	}
outer:
	for _, a := range x {
		for _, c := range y {
			if a.Key == c.Key && a.Namespace == c.Namespace {
				if a.Val != c.Val {
					return false
				}
				continue outer
			}
		}
		return false
	}
	return true
}

// activeIndex returns the index in the list of the entry of node n, or -1.
func (b *builder) activeIndex(n *html.Node) int {
	for i := len(b.active) - 1; i >= 0; i-- {
		if b.active[i].n == n {
			return i
		}
	}
	return -1
}

// reconstruct reopens the formatting elements that were closed by a
// block while still active: clones of them, with no start tag of their
// own, where the current token starts.
func (b *builder) reconstruct() {
	n := len(b.active)
	if n == 0 {
		return
	}
	if e := b.active[n-1]; e.n == nil || b.indexOf(e.n) >= 0 {
		return
	}
	i := n - 1
	for i > 0 {
		e := b.active[i-1]
		if e.n == nil || b.indexOf(e.n) >= 0 {
			break
		}
		i--
	}
	for ; i < n; i++ {
		e := b.active[i]
		c, id := b.clone(e.id, b.off)
		b.insertNode(c, id, b.place())
		b.active[i] = fmtEntry{n: c, id: id, a: e.a}
	}
}

// clone makes a copy of element id with no children and no start tag of
// its own, starting at off. It shares the attributes, and so their spans
// (see attrChunk), of the element it copies: they are in that element's
// start tag.
func (b *builder) clone(id int32, off int) (*html.Node, int32) {
	src := b.d.node(id)
	n, cid := b.d.newNode()
	n.Type, n.Data, n.DataAtom, n.Namespace, n.Attr = src.Type, src.Data, src.DataAtom, src.Namespace, src.Attr
	in := b.d.info(cid)
	*in = nodeInfo{start: int32(off), tagEnd: int32(off)}
	return n, cid
}

// ---- inserting nodes ----

// insertion is where a node goes: appended to parent, or before before;
// ctx is the stack entry whose context (text owner, hidden content,
// namespace) the node takes.
type insertion struct {
	parent, before *html.Node
	ctx            int // stack index
}

// place returns the appropriate place for inserting a node, with foster
// parenting when it is on and the current node is a table part.
func (b *builder) place() insertion {
	top := len(b.stack) - 1
	t := b.top()
	if !b.fostering || !t.tablePart() {
		return insertion{parent: t.n, ctx: top}
	}
	table, template := b.onStack(atom.Table), b.onStack(atom.Template)
	switch {
	case template >= 0 && (table < 0 || template > table):
		return insertion{parent: b.stack[template].n, ctx: template}
	case table < 0:
		return insertion{parent: b.stack[min(1, top)].n, ctx: min(1, top)}
	case b.stack[table].n.Parent != nil:
		return insertion{parent: b.stack[table].n.Parent, before: b.stack[table].n, ctx: table - 1}
	}
	return insertion{parent: b.stack[table-1].n, ctx: table - 1}
}

// insertNode puts n at place p and, for an element, opens it.
func (b *builder) insertNode(n *html.Node, id int32, p insertion) {
	if p.before != nil {
		p.parent.InsertBefore(n, p.before)
		b.reordered = true
	} else {
		appendTo(p.parent, n)
	}
	if n.Type != html.ElementNode {
		return
	}
	ctx := &b.stack[p.ctx]
	a := n.DataAtom
	cat := uint16(0)
	if n.Namespace == "" {
		cat = b.openAtoms.category(a)
	}
	e := open{n: n, id: id, atom: a, cat: cat, ns: nsOf(n.Namespace)}
	if e.ns != nsHTML {
		switch a {
		case atom.Title, atom.Desc, atom.Style, atom.Script:
			// Not drawn: a tooltip, a description, CSS, a script.
			e.noText = true
		}
	}
	e.hidden = ctx.hidden || hides(n)
	if e.hidden {
		b.d.hide(id)
	}
	e.noText = e.noText || ctx.noText || cat&catNoText != 0 || e.hidden
	switch {
	case e.ns == nsSVG && (a == atom.Foreignobject || a == atom.Desc || a == atom.Title):
		e.integration = true
	case e.ns == nsMath && a == atom.AnnotationXml:
		for _, at := range n.Attr {
			if at.Key == "encoding" && (strings.EqualFold(at.Val, "text/html") || strings.EqualFold(at.Val, "application/xhtml+xml")) {
				e.integration = true
			}
		}
	}
	e.owner = ctx.owner
	e.transparent = b.isImplied(id)
	if !e.transparent && !isInline(a, cat) && e.ns == nsHTML {
		b.text.flush()
		if !e.noText {
			e.owner = n
		}
	}
	if len(b.stack)-b.transparentOpen > maxDepth {
		// Like Chromium's parser, keep elements beyond the maximum depth
		// as siblings, so no walk up the tree is longer than maxDepth.
		if !b.deep {
			b.deep = true
			b.d.Warnings = append(b.d.Warnings, Warning{b.off, "markup nested more than 512 elements deep; deeper elements are kept as siblings, as browsers do"})
		}
		top := b.top()
		if top.n == p.parent && top.n.Parent != nil {
			// Move n up beside its would-be parent.
			p.parent.RemoveChild(n)
			appendTo(top.n.Parent, n)
			b.pop(b.off, b.off)
		}
	}
	b.stack = append(b.stack, e)
	b.count(e, 1)
	if e.transparent {
		b.transparentOpen++
	}
	b.text.owner = e.owner
}

func appendTo(p, n *html.Node) {
	n.Parent = p
	if p.LastChild == nil {
		p.FirstChild = n
	} else {
		n.PrevSibling = p.LastChild
		p.LastChild.NextSibling = n
	}
	p.LastChild = n
}

func nsOf(ns string) uint8 {
	switch ns {
	case "svg":
		return nsSVG
	case "math":
		return nsMath
	}
	return nsHTML
}

// isImplied reports whether element id is an implied html, head, body or
// tbody (taken out of the tree at the end).
func (b *builder) isImplied(id int32) bool {
	k := len(b.implied)
	return k > 0 && b.implied[k-1] == id
}

// insertElement makes the element of tag t and inserts it at the
// appropriate place, in namespace ns ("" for HTML).
func (b *builder) insertElement(t *tagToken, ns string) (*html.Node, int32) {
	n, id := b.newElement(t, ns)
	b.insertNode(n, id, b.place())
	return n, id
}

// insertImplied makes an element a with no start tag (at the current
// token) and inserts it; html, head, body and tbody are marked to be
// taken out at the end.
func (b *builder) insertImplied(a atom.Atom) (*html.Node, int32) {
	n, id := b.d.newNode()
	n.Type, n.DataAtom, n.Data = html.ElementNode, a, a.String()
	*b.d.info(id) = nodeInfo{start: int32(b.off), tagEnd: int32(b.off)}
	switch a {
	case atom.Html, atom.Head, atom.Body, atom.Tbody:
		b.implied = append(b.implied, id)
	}
	b.insertNode(n, id, b.place())
	return n, id
}

// insertVoid inserts an element that is closed at once (void elements,
// and foreign elements closed by "/>").
func (b *builder) insertVoid(t *tagToken, ns string) {
	n, _ := b.insertElement(t, ns)
	a := n.DataAtom
	if ns == "" && (a == atom.Br || a == atom.Wbr) {
		b.text.space(t.off, t.end)
	}
	b.pop(t.end, t.end)
}

// insertText inserts the text piece raw at offset off.
func (b *builder) insertText(raw []byte, off int, rawText bool) {
	if len(raw) == 0 {
		return
	}
	p := b.place()
	ctx := &b.stack[p.ctx]
	n, id := b.d.newNode()
	n.Type = html.TextNode
	end := off + len(raw)
	switch {
	case (rawText && !b.viaTokenizer || bytes.IndexByte(raw, '&') < 0) && !b.crOrNUL(raw):
		n.Data = b.substr(off, end)
	case rawText:
		n.Data = b.keepText(b.cleanText(raw, "\ufffd"))
	case bytes.IndexByte(raw, '&') < 0:
		n.Data = b.keepText(b.cleanText(raw, ""))
	default:
		clean := b.cleanText(raw, "")
		n.Data = b.keepString(html.UnescapeString(unsafe.String(unsafe.SliceData(clean), len(clean))))
	}
	*b.d.info(id) = nodeInfo{start: int32(off), end: int32(end), tagEnd: int32(off), closeStart: int32(end)}
	b.insertNode(n, id, p)
	if ctx.noText {
		return
	}
	if b.text.owner != ctx.owner {
		b.text.flush()
		b.text.owner = ctx.owner
	}
	b.text.add(raw, off)
	if top := b.top().owner; top != ctx.owner {
		// Fostered text is a block of its own, before the table's.
		b.text.flush()
		b.text.owner = top
	}
}

// ---- dispatch ----

// adjustedCurrent is the current node (copydesk parses no fragments).
func (b *builder) adjustedCurrent() *open { return b.top() }

// foreignToken reports whether a token goes to the rules for foreign
// content rather than to the insertion mode: start is the tag of a start
// tag (nil for text and end tags), endTag is set for an end tag.
func (b *builder) foreignToken(start *tagToken, endTag bool) bool {
	if len(b.stack) <= 1 {
		return false
	}
	t := b.adjustedCurrent()
	if t.ns == nsHTML {
		return false
	}
	if endTag {
		return true
	}
	if t.ns == nsMath {
		switch t.atom {
		case atom.Mi, atom.Mo, atom.Mn, atom.Ms, atom.Mtext:
			if start == nil || start.a != atom.Mglyph && start.a != atom.Malignmark {
				return false
			}
		case atom.AnnotationXml:
			if start != nil && start.a == atom.Svg {
				return false
			}
		}
	}
	return !t.integration
}

// text processes a text token.
func (b *builder) textToken(raw []byte, off int, rawText bool) {
	if bytes.HasPrefix(raw, []byte("<![CDATA[")) {
		off += 9
		raw = raw[9:]
		raw = bytes.TrimSuffix(raw, []byte("]]>"))
	}
	if b.mode == modeText {
		b.insertText(raw, off, true)
		return
	}
	if rawText { // the rest of the file after <plaintext>
		b.reconstruct()
		b.insertText(raw, off, true)
		return
	}
	if b.foreignToken(nil, false) {
		if bytes.ContainsFunc(raw, func(r rune) bool { return !isWS(byte(r)) && r != 0 }) {
			b.framesetOK = false
		}
		b.insertText(raw, off, false)
		return
	}
	for len(raw) > 0 {
		// Elements the rest of the text closes end where it starts.
		b.off = off
		k := b.chars(b.mode, raw, off)
		raw, off = raw[k:], off+k
	}
}

// chars processes text in mode m and returns how much of it it used (the
// rest is processed again, in the mode it leaves).
func (b *builder) chars(m insertionMode, raw []byte, off int) int {
	switch m {
	case modeInBody, modeInCaption, modeInCell:
		// Most text: the leading white space does not matter here.
		b.bodyChars(raw, off)
		return len(raw)
	}
	ws := leadingSpace(raw)
	switch m {
	case modeInitial, modeBeforeHTML, modeBeforeHead:
		if ws > 0 {
			return ws
		}
		switch m {
		case modeInitial:
			b.quirks = true
			b.mode = modeBeforeHTML
		case modeBeforeHTML:
			b.insertImplied(atom.Html)
			b.mode = modeBeforeHead
		default:
			b.head, b.headID = b.insertImplied(atom.Head)
			b.mode = modeInHead
		}
		return 0
	case modeInHead, modeAfterHead:
		if ws > 0 {
			b.insertText(raw[:ws], off, false)
			return ws
		}
		if m == modeInHead {
			b.endHead()
		} else {
			b.insertImplied(atom.Body)
			b.mode = modeInBody
		}
		return 0
	case modeInTable, modeInTableBody, modeInRow:
		if t := b.top(); t.ns == nsHTML && (t.atom == atom.Table || t.atom == atom.Tbody || t.atom == atom.Template || t.atom == atom.Tfoot || t.atom == atom.Thead || t.atom == atom.Tr) {
			b.original = b.mode
			b.mode = modeInTableText
			return 0
		}
		b.fostering = true
		b.bodyChars(raw, off)
		b.fostering = false
		return len(raw)
	case modeInTableText:
		b.pending = append(b.pending, textPiece{raw, off})
		return len(raw)
	case modeInColumnGroup:
		if ws > 0 {
			b.insertText(raw[:ws], off, false)
			return ws
		}
		if !b.top().isHTML(atom.Colgroup) {
			return len(raw) // ignored
		}
		b.pop(off, off)
		b.mode = modeInTable
		return 0
	case modeInTemplate:
		b.bodyChars(raw, off)
		return len(raw)
	case modeAfterBody, modeAfterAfterBody:
		if ws > 0 {
			b.bodyChars(raw[:ws], off)
			return ws
		}
		b.mode = modeInBody
		return 0
	case modeInFrameset, modeAfterFrameset, modeAfterAfterFrameset:
		// Only white space is kept; other characters are ignored.
		if ws > 0 {
			if m != modeAfterAfterFrameset {
				b.insertText(raw[:ws], off, false)
			}
			return ws
		}
		k := ws
		for k < len(raw) && !isWS(raw[k]) {
			k++
		}
		return max(k, 1)
	}
	b.insertText(raw, off, false)
	return len(raw)
}

// bodyChars is text in body: NUL characters are ignored; anything else
// reopens the formatting elements closed too early and is inserted.
func (b *builder) bodyChars(raw []byte, off int) {
	if b.hasNUL && bytes.IndexByte(raw, 0) >= 0 {
		allNUL := true
		for _, c := range raw {
			if c != 0 {
				allNUL = false
				break
			}
		}
		if allNUL {
			return
		}
	}
	b.reconstruct()
	for k := 0; b.framesetOK && k < len(raw); k++ { // once false it stays false
		if c := raw[k]; !isWS(c) && c != 0 {
			b.framesetOK = false
		}
	}
	b.insertText(raw, off, false)
}

// flushTableText ends the text of a table: white space stays in the
// table, anything else is fostered out of it as in body.
func (b *builder) flushTableText() {
	defer func(off int) { b.off = off }(b.off)
	pending := b.pending
	b.pending = b.pending[:0]
	b.mode = b.original
	other := false
	for _, p := range pending {
		for _, c := range p.raw {
			if !isWS(c) && c != 0 {
				other = true
			}
		}
	}
	for _, p := range pending {
		b.off = p.off
		if other {
			b.fostering = true
			b.bodyChars(p.raw, p.off)
			b.fostering = false
		} else {
			b.insertText(p.raw, p.off, false)
		}
	}
}

// endHead pops the head (when it is the current node) and goes after head.
func (b *builder) endHead() {
	if t := b.top(); t.isHTML(atom.Head) {
		b.pop(b.off, b.off)
	}
	b.mode = modeAfterHead
}

// startTag processes a start tag.
func (b *builder) startTag(t *tagToken) {
	if b.mode == modeInTableText {
		b.flushTableText()
	}
	for {
		var again bool
		if b.foreignToken(t, false) {
			again = b.foreignStart(t)
		} else {
			again = b.start(b.mode, t)
		}
		if !again {
			return
		}
	}
}

// endTag processes an end tag.
func (b *builder) endTagToken(t *tagToken) {
	if b.mode == modeInTableText {
		b.flushTableText()
	}
	for {
		var again bool
		if b.foreignToken(nil, true) {
			again = b.foreignEnd(t)
		} else {
			again = b.end(b.mode, t)
		}
		if !again {
			return
		}
	}
}

// doctype processes a doctype token.
func (b *builder) doctype(text []byte) {
	if b.mode == modeInTableText {
		b.flushTableText()
	}
	if b.mode == modeInitial {
		b.quirks = quirksDoctype(string(text))
		b.mode = modeBeforeHTML
	}
}

// eof processes the end of the input: it closes the templates still
// open (the elements it pops end at the end of the input). The html,
// head and body a browser would still imply here are not made: they
// would be taken out of the tree anyway.
func (b *builder) eof() {
	if b.mode == modeInTableText {
		b.flushTableText()
	}
	for b.onStack(atom.Template) >= 0 && len(b.templateModes) > 0 {
		i := b.onStack(atom.Template)
		for len(b.stack)-1 >= i {
			b.pop(b.off, b.tokEnd)
		}
		b.clearToMarker()
		b.templateModes = b.templateModes[:len(b.templateModes)-1]
		b.resetMode()
	}
}

// resetMode resets the insertion mode appropriately.
func (b *builder) resetMode() {
	for i := len(b.stack) - 1; i > 0; i-- {
		e := &b.stack[i]
		last := i == 1
		if e.ns != nsHTML {
			continue
		}
		switch e.atom {
		case atom.Td, atom.Th:
			if !last {
				b.mode = modeInCell
				return
			}
		case atom.Tr:
			b.mode = modeInRow
			return
		case atom.Tbody, atom.Thead, atom.Tfoot:
			b.mode = modeInTableBody
			return
		case atom.Caption:
			b.mode = modeInCaption
			return
		case atom.Colgroup:
			b.mode = modeInColumnGroup
			return
		case atom.Table:
			b.mode = modeInTable
			return
		case atom.Template:
			b.mode = b.templateModes[len(b.templateModes)-1]
			return
		case atom.Head:
			if !last {
				b.mode = modeInHead
				return
			}
		case atom.Body:
			b.mode = modeInBody
			return
		case atom.Frameset:
			b.mode = modeInFrameset
			return
		case atom.Html:
			if b.head == nil {
				b.mode = modeBeforeHead
			} else {
				b.mode = modeAfterHead
			}
			return
		}
	}
	b.mode = modeInBody
}

// start processes start tag t in mode m; it returns true when the token
// is to be processed again, in the mode it leaves.
func (b *builder) start(m insertionMode, t *tagToken) bool {
	switch m {
	case modeInitial:
		b.quirks = true
		b.mode = modeBeforeHTML
		return true
	case modeBeforeHTML:
		if t.a == atom.Html {
			b.insertElement(t, "")
			b.mode = modeBeforeHead
			return false
		}
		b.insertImplied(atom.Html)
		b.mode = modeBeforeHead
		return true
	case modeBeforeHead:
		switch t.a {
		case atom.Html:
			return b.start(modeInBody, t)
		case atom.Head:
			b.head, b.headID = b.insertElement(t, "")
			b.mode = modeInHead
			return false
		}
		b.head, b.headID = b.insertImplied(atom.Head)
		b.mode = modeInHead
		return true
	case modeInHead:
		return b.startInHead(t)
	case modeAfterHead:
		switch t.a {
		case atom.Html:
			return b.start(modeInBody, t)
		case atom.Body:
			b.insertElement(t, "")
			b.framesetOK = false
			b.mode = modeInBody
			return false
		case atom.Frameset:
			b.insertElement(t, "")
			b.mode = modeInFrameset
			return false
		case atom.Base, atom.Basefont, atom.Bgsound, atom.Link, atom.Meta, atom.Noframes, atom.Script, atom.Style, atom.Template, atom.Title:
			if b.head == nil {
				return b.startInHead(t)
			}
			// Into the head again, as the standard says; what goes in it
			// now comes after nodes that follow the head.
			b.reordered = true
			b.stack = append(b.stack, open{n: b.head, id: b.headID, atom: atom.Head, cat: catNoText, noText: true, owner: b.top().owner, reopened: true})
			b.count(b.stack[len(b.stack)-1], 1)
			again := b.startInHead(t)
			if i := b.indexOf(b.head); i > 0 {
				b.removeAt(i, b.off, b.off)
			}
			return again
		case atom.Head:
			return false
		}
		b.insertImplied(atom.Body)
		b.mode = modeInBody
		return true
	case modeInBody:
		return b.startInBody(t)
	case modeText:
		return false
	case modeInTable:
		return b.startInTable(t)
	case modeInCaption:
		switch t.a {
		case atom.Caption, atom.Col, atom.Colgroup, atom.Tbody, atom.Td, atom.Tfoot, atom.Th, atom.Thead, atom.Tr:
			if b.inScope(scopeTable, atom.Caption) < 0 {
				return false
			}
			b.closeCaption(false)
			return true
		}
		return b.startInBody(t)
	case modeInColumnGroup:
		switch t.a {
		case atom.Html:
			return b.startInBody(t)
		case atom.Col:
			b.insertVoid(t, "")
			return false
		case atom.Template:
			return b.startInHead(t)
		}
		if !b.top().isHTML(atom.Colgroup) {
			return false
		}
		b.pop(b.off, b.off)
		b.mode = modeInTable
		return true
	case modeInTableBody:
		switch t.a {
		case atom.Tr:
			b.clearBackTo(atom.Tbody, atom.Tfoot, atom.Thead)
			b.insertElement(t, "")
			b.mode = modeInRow
			return false
		case atom.Th, atom.Td:
			b.clearBackTo(atom.Tbody, atom.Tfoot, atom.Thead)
			b.insertImplied(atom.Tr)
			b.mode = modeInRow
			return true
		case atom.Caption, atom.Col, atom.Colgroup, atom.Tbody, atom.Tfoot, atom.Thead:
			if b.inScope(scopeTable, atom.Tbody, atom.Thead, atom.Tfoot) < 0 {
				return false
			}
			b.clearBackTo(atom.Tbody, atom.Tfoot, atom.Thead)
			b.pop(b.off, b.off)
			b.mode = modeInTable
			return true
		}
		return b.startInTable(t)
	case modeInRow:
		switch t.a {
		case atom.Th, atom.Td:
			b.clearBackTo(atom.Tr)
			b.insertElement(t, "")
			b.mode = modeInCell
			b.pushMarker()
			return false
		case atom.Caption, atom.Col, atom.Colgroup, atom.Tbody, atom.Tfoot, atom.Thead, atom.Tr:
			if b.inScope(scopeTable, atom.Tr) < 0 {
				return false
			}
			b.clearBackTo(atom.Tr)
			b.pop(b.off, b.off)
			b.mode = modeInTableBody
			return true
		}
		return b.startInTable(t)
	case modeInCell:
		switch t.a {
		case atom.Caption, atom.Col, atom.Colgroup, atom.Tbody, atom.Td, atom.Tfoot, atom.Th, atom.Thead, atom.Tr:
			if b.inScope(scopeTable, atom.Td, atom.Th) < 0 {
				return false
			}
			b.closeCell()
			return true
		}
		return b.startInBody(t)
	case modeInTemplate:
		switch t.a {
		case atom.Base, atom.Basefont, atom.Bgsound, atom.Link, atom.Meta, atom.Noframes, atom.Script, atom.Style, atom.Template, atom.Title:
			return b.startInHead(t)
		}
		next := modeInBody
		switch t.a {
		case atom.Caption, atom.Colgroup, atom.Tbody, atom.Tfoot, atom.Thead:
			next = modeInTable
		case atom.Col:
			next = modeInColumnGroup
		case atom.Tr:
			next = modeInTableBody
		case atom.Td, atom.Th:
			next = modeInRow
		}
		b.templateModes[len(b.templateModes)-1] = next
		b.mode = next
		return true
	case modeAfterBody, modeAfterAfterBody:
		if t.a == atom.Html {
			return b.startInBody(t)
		}
		b.mode = modeInBody
		return true
	case modeInFrameset:
		switch t.a {
		case atom.Html:
			return b.startInBody(t)
		case atom.Frameset:
			b.insertElement(t, "")
		case atom.Frame:
			b.insertVoid(t, "")
		case atom.Noframes:
			return b.startInHead(t)
		}
		return false
	case modeAfterFrameset, modeAfterAfterFrameset:
		switch t.a {
		case atom.Html:
			return b.startInBody(t)
		case atom.Noframes:
			return b.startInHead(t)
		}
		return false
	}
	return false
}

// startRawText inserts an element whose content the tokenizer reads as
// text (script, style, textarea, title, …) and waits for its end tag.
func (b *builder) startRawText(t *tagToken) {
	b.insertElement(t, "")
	b.original = b.mode
	b.mode = modeText
	b.rawOK = true
}

func (b *builder) startInHead(t *tagToken) bool {
	switch t.a {
	case atom.Html:
		return b.startInBody(t)
	case atom.Base, atom.Basefont, atom.Bgsound, atom.Link, atom.Meta:
		b.insertVoid(t, "")
		return false
	case atom.Title, atom.Noscript, atom.Noframes, atom.Style, atom.Script:
		b.startRawText(t)
		return false
	case atom.Template:
		b.insertElement(t, "")
		b.pushMarker()
		b.framesetOK = false
		b.mode = modeInTemplate
		b.templateModes = append(b.templateModes, modeInTemplate)
		return false
	case atom.Head:
		return false
	}
	b.endHead()
	return true
}

// startInBody is the "in body" insertion mode for a start tag.
func (b *builder) startInBody(t *tagToken) bool {
	switch t.a {
	case atom.Html:
		if b.onStack(atom.Template) < 0 && len(b.stack) > 1 {
			b.adoptTag(1, t)
		}
		return false
	case atom.Base, atom.Basefont, atom.Bgsound, atom.Link, atom.Meta, atom.Noframes, atom.Script, atom.Style, atom.Template, atom.Title:
		return b.startInHead(t)
	case atom.Body:
		if len(b.stack) < 3 || !b.stack[2].isHTML(atom.Body) || b.onStack(atom.Template) >= 0 {
			return false
		}
		b.framesetOK = false
		b.adoptTag(2, t)
		return false
	case atom.Frameset:
		if len(b.stack) < 3 || !b.stack[2].isHTML(atom.Body) || !b.framesetOK {
			return false
		}
		body := b.stack[2].n
		if body.Parent != nil {
			body.Parent.RemoveChild(body)
			b.removed(body)
		}
		for len(b.stack) > 2 {
			b.pop(b.off, b.off)
		}
		b.insertElement(t, "")
		b.mode = modeInFrameset
		return false
	case atom.Address, atom.Article, atom.Aside, atom.Blockquote, atom.Center, atom.Details, atom.Dialog,
		atom.Dir, atom.Div, atom.Dl, atom.Fieldset, atom.Figcaption, atom.Figure, atom.Footer, atom.Header,
		atom.Hgroup, atom.Main, atom.Menu, atom.Nav, atom.Ol, atom.P, atom.Search, atom.Section, atom.Summary, atom.Ul:
		if b.inScope(scopeButton, atom.P) >= 0 {
			b.closeP(false)
		}
		b.insertElement(t, "")
		return false
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		if b.inScope(scopeButton, atom.P) >= 0 {
			b.closeP(false)
		}
		if top := b.top(); top.ns == nsHTML && top.cat&catHeading != 0 {
			b.pop(b.off, b.off)
		}
		b.insertElement(t, "")
		return false
	case atom.Pre, atom.Listing:
		if b.inScope(scopeButton, atom.P) >= 0 {
			b.closeP(false)
		}
		b.insertElement(t, "")
		b.framesetOK = false
		return false
	case atom.Form:
		template := b.onStack(atom.Template) >= 0
		if b.form != nil && !template {
			return false
		}
		if b.inScope(scopeButton, atom.P) >= 0 {
			b.closeP(false)
		}
		n, _ := b.insertElement(t, "")
		if !template {
			b.form = n
		}
		return false
	case atom.Li, atom.Dd, atom.Dt:
		b.framesetOK = false
		for i := len(b.stack) - 1; i > 0; i-- {
			e := &b.stack[i]
			if e.ns == nsHTML && (t.a == atom.Li && e.atom == atom.Li || t.a != atom.Li && (e.atom == atom.Dd || e.atom == atom.Dt)) {
				b.generateImpliedEnd(e.atom, false)
				b.popUntil(false, e.atom)
				break
			}
			if e.special() && (e.ns != nsHTML || e.atom != atom.Address && e.atom != atom.Div && e.atom != atom.P) {
				break
			}
		}
		if b.inScope(scopeButton, atom.P) >= 0 {
			b.closeP(false)
		}
		b.insertElement(t, "")
		return false
	case atom.Plaintext:
		if b.inScope(scopeButton, atom.P) >= 0 {
			b.closeP(false)
		}
		b.insertElement(t, "")
		b.rawOK = true
		return false
	case atom.Button:
		if b.inScope(scopeDefault, atom.Button) >= 0 {
			b.generateImpliedEnd(0, false)
			b.popUntil(false, atom.Button)
		}
		b.reconstruct()
		b.insertElement(t, "")
		b.framesetOK = false
		return false
	case atom.A:
		for i := len(b.active) - 1; i >= 0 && b.active[i].n != nil; i-- {
			if b.active[i].a == atom.A {
				n := b.active[i].n
				b.adoption(atom.A, nil)
				if k := b.activeIndex(n); k >= 0 {
					b.active = append(b.active[:k], b.active[k+1:]...)
				}
				if k := b.indexOf(n); k > 0 {
					b.removeAt(k, b.off, b.off)
				}
				break
			}
		}
		b.reconstruct()
		b.insertElement(t, "")
		b.pushFormatting()
		return false
	case atom.B, atom.Big, atom.Code, atom.Em, atom.Font, atom.I, atom.S, atom.Small, atom.Strike, atom.Strong, atom.Tt, atom.U:
		b.reconstruct()
		b.insertElement(t, "")
		b.pushFormatting()
		return false
	case atom.Nobr:
		b.reconstruct()
		if b.inScope(scopeDefault, atom.Nobr) >= 0 {
			b.adoption(atom.Nobr, nil)
			b.reconstruct()
		}
		b.insertElement(t, "")
		b.pushFormatting()
		return false
	case atom.Applet, atom.Marquee, atom.Object:
		b.reconstruct()
		b.insertElement(t, "")
		b.pushMarker()
		b.framesetOK = false
		return false
	case atom.Table:
		if !b.quirks && b.inScope(scopeButton, atom.P) >= 0 {
			b.closeP(false)
		}
		b.insertElement(t, "")
		b.framesetOK = false
		b.mode = modeInTable
		return false
	case atom.Area, atom.Br, atom.Embed, atom.Img, atom.Keygen, atom.Wbr:
		b.reconstruct()
		b.insertVoid(t, "")
		b.framesetOK = false
		return false
	case atom.Input:
		if b.inScope(scopeDefault, atom.Select) >= 0 {
			b.popUntil(false, atom.Select)
		}
		b.reconstruct()
		b.insertVoid(t, "")
		if !strings.EqualFold(tagAttr(t.raw, "type"), "hidden") {
			b.framesetOK = false
		}
		return false
	case atom.Param, atom.Source, atom.Track:
		b.insertVoid(t, "")
		return false
	case atom.Hr:
		if b.inScope(scopeButton, atom.P) >= 0 {
			b.closeP(false)
		}
		if b.inScope(scopeDefault, atom.Select) >= 0 {
			b.generateImpliedEnd(0, false)
		}
		b.insertVoid(t, "")
		b.framesetOK = false
		return false
	case atom.Image:
		// <image> is <img>, though its start tag reads "image".
		t.a = atom.Img
		return true
	case atom.Textarea:
		b.startRawText(t)
		b.framesetOK = false
		return false
	case atom.Xmp:
		if b.inScope(scopeButton, atom.P) >= 0 {
			b.closeP(false)
		}
		b.reconstruct()
		b.framesetOK = false
		b.startRawText(t)
		return false
	case atom.Iframe:
		b.framesetOK = false
		b.startRawText(t)
		return false
	case atom.Noembed, atom.Noscript:
		b.startRawText(t)
		return false
	case atom.Select:
		// Customizable select (the standard since 2025): a select in a
		// select ends the first one; select holds any content.
		if b.inScope(scopeDefault, atom.Select) >= 0 {
			b.popUntil(false, atom.Select)
			return false
		}
		b.reconstruct()
		b.insertElement(t, "")
		b.framesetOK = false
		return false
	case atom.Optgroup, atom.Option:
		switch {
		case b.inScope(scopeDefault, atom.Select) >= 0:
			except := atom.Optgroup
			if t.a == atom.Optgroup {
				except = 0
			}
			b.generateImpliedEnd(except, false)
		case b.top().isHTML(atom.Option):
			b.pop(b.off, b.off)
		}
		b.reconstruct()
		b.insertElement(t, "")
		return false
	case atom.Rb, atom.Rtc:
		if b.inScope(scopeDefault, atom.Ruby) >= 0 {
			b.generateImpliedEnd(0, false)
		}
		b.insertElement(t, "")
		return false
	case atom.Rp, atom.Rt:
		if b.inScope(scopeDefault, atom.Ruby) >= 0 {
			b.generateImpliedEnd(atom.Rtc, false)
		}
		b.insertElement(t, "")
		return false
	case atom.Math, atom.Svg:
		b.reconstruct()
		ns := "math"
		if t.a == atom.Svg {
			ns = "svg"
		}
		if t.self {
			b.insertVoid(t, ns)
		} else {
			b.insertElement(t, ns)
		}
		return false
	case atom.Caption, atom.Col, atom.Colgroup, atom.Frame, atom.Head, atom.Tbody, atom.Td, atom.Tfoot, atom.Th, atom.Thead, atom.Tr:
		return false
	}
	b.reconstruct()
	b.insertElement(t, "")
	return false
}

func (b *builder) startInTable(t *tagToken) bool {
	switch t.a {
	case atom.Caption:
		b.clearBackTo(atom.Table)
		b.pushMarker()
		b.insertElement(t, "")
		b.mode = modeInCaption
		return false
	case atom.Colgroup:
		b.clearBackTo(atom.Table)
		b.insertElement(t, "")
		b.mode = modeInColumnGroup
		return false
	case atom.Col:
		b.clearBackTo(atom.Table)
		b.insertImplied(atom.Colgroup)
		b.mode = modeInColumnGroup
		return true
	case atom.Tbody, atom.Tfoot, atom.Thead:
		b.clearBackTo(atom.Table)
		b.insertElement(t, "")
		b.mode = modeInTableBody
		return false
	case atom.Td, atom.Th, atom.Tr:
		b.clearBackTo(atom.Table)
		b.insertImplied(atom.Tbody)
		b.mode = modeInTableBody
		return true
	case atom.Table:
		if b.inScope(scopeTable, atom.Table) < 0 {
			return false
		}
		b.popUntil(false, atom.Table)
		b.resetMode()
		return true
	case atom.Style, atom.Script, atom.Template:
		return b.startInHead(t)
	case atom.Input:
		if !strings.EqualFold(tagAttr(t.raw, "type"), "hidden") {
			break
		}
		b.insertVoid(t, "")
		return false
	case atom.Form:
		if b.form != nil || b.onStack(atom.Template) >= 0 {
			return false
		}
		n, _ := b.insertElement(t, "")
		b.form = n
		b.pop(t.end, t.end)
		return false
	}
	b.fostering = true
	again := b.startInBody(t)
	b.fostering = false
	return again
}

// closeCaption closes the caption (in table scope).
func (b *builder) closeCaption(endTag bool) {
	b.generateImpliedEnd(0, false)
	b.popUntil(endTag, atom.Caption)
	b.clearToMarker()
	b.mode = modeInTable
}

// closeCell closes the current table cell.
func (b *builder) closeCell() {
	b.generateImpliedEnd(0, false)
	b.popUntil(false, atom.Td, atom.Th)
	b.clearToMarker()
	b.mode = modeInRow
}

// end processes end tag t in mode m; it returns true when the token is
// to be processed again.
func (b *builder) end(m insertionMode, t *tagToken) bool {
	switch m {
	case modeInitial:
		b.quirks = true
		b.mode = modeBeforeHTML
		return true
	case modeBeforeHTML:
		if !t.is(atom.Head, atom.Body, atom.Html, atom.Br) {
			return false
		}
		b.insertImplied(atom.Html)
		b.mode = modeBeforeHead
		return true
	case modeBeforeHead:
		if !t.is(atom.Head, atom.Body, atom.Html, atom.Br) {
			return false
		}
		b.head, b.headID = b.insertImplied(atom.Head)
		b.mode = modeInHead
		return true
	case modeInHead:
		return b.endInHead(t)
	case modeAfterHead:
		switch t.a {
		case atom.Template:
			return b.endInHead(t)
		case atom.Body, atom.Html, atom.Br:
			b.insertImplied(atom.Body)
			b.mode = modeInBody
			return true
		}
		return false
	case modeInBody:
		return b.endInBody(t)
	case modeText:
		b.pop(t.off, t.end)
		b.mode = b.original
		return false
	case modeInTable:
		return b.endInTable(t)
	case modeInCaption:
		switch t.a {
		case atom.Caption, atom.Table:
			if b.inScope(scopeTable, atom.Caption) < 0 {
				return false
			}
			b.closeCaption(t.a == atom.Caption)
			return t.a == atom.Table
		case atom.Body, atom.Col, atom.Colgroup, atom.Html, atom.Tbody, atom.Td, atom.Tfoot, atom.Th, atom.Thead, atom.Tr:
			return false
		}
		return b.endInBody(t)
	case modeInColumnGroup:
		switch t.a {
		case atom.Colgroup:
			if b.top().isHTML(atom.Colgroup) {
				b.pop(t.off, t.end)
				b.mode = modeInTable
			}
			return false
		case atom.Col:
			return false
		case atom.Template:
			return b.endInHead(t)
		}
		if !b.top().isHTML(atom.Colgroup) {
			return false
		}
		b.pop(b.off, b.off)
		b.mode = modeInTable
		return true
	case modeInTableBody:
		switch t.a {
		case atom.Tbody, atom.Tfoot, atom.Thead:
			if b.inScope(scopeTable, t.a) < 0 {
				return false
			}
			b.clearBackTo(atom.Tbody, atom.Tfoot, atom.Thead)
			b.pop(t.off, t.end)
			b.mode = modeInTable
			return false
		case atom.Table:
			if b.inScope(scopeTable, atom.Tbody, atom.Thead, atom.Tfoot) < 0 {
				return false
			}
			b.clearBackTo(atom.Tbody, atom.Tfoot, atom.Thead)
			b.pop(b.off, b.off)
			b.mode = modeInTable
			return true
		case atom.Body, atom.Caption, atom.Col, atom.Colgroup, atom.Html, atom.Td, atom.Th, atom.Tr:
			return false
		}
		return b.endInTable(t)
	case modeInRow:
		switch t.a {
		case atom.Tr:
			if b.inScope(scopeTable, atom.Tr) < 0 {
				return false
			}
			b.clearBackTo(atom.Tr)
			b.pop(t.off, t.end)
			b.mode = modeInTableBody
			return false
		case atom.Table:
			if b.inScope(scopeTable, atom.Tr) < 0 {
				return false
			}
			b.clearBackTo(atom.Tr)
			b.pop(b.off, b.off)
			b.mode = modeInTableBody
			return true
		case atom.Tbody, atom.Tfoot, atom.Thead:
			if b.inScope(scopeTable, t.a) < 0 || b.inScope(scopeTable, atom.Tr) < 0 {
				return false
			}
			b.clearBackTo(atom.Tr)
			b.pop(b.off, b.off)
			b.mode = modeInTableBody
			return true
		case atom.Body, atom.Caption, atom.Col, atom.Colgroup, atom.Html, atom.Td, atom.Th:
			return false
		}
		return b.endInTable(t)
	case modeInCell:
		switch t.a {
		case atom.Td, atom.Th:
			if b.inScope(scopeTable, t.a) < 0 {
				return false
			}
			b.generateImpliedEnd(0, false)
			b.popUntil(true, t.a)
			b.clearToMarker()
			b.mode = modeInRow
			return false
		case atom.Body, atom.Caption, atom.Col, atom.Colgroup, atom.Html:
			return false
		case atom.Table, atom.Tbody, atom.Tfoot, atom.Thead, atom.Tr:
			if b.inScope(scopeTable, t.a) < 0 {
				return false
			}
			b.closeCell()
			return true
		}
		return b.endInBody(t)
	case modeInTemplate:
		if t.a == atom.Template {
			return b.endInHead(t)
		}
		return false
	case modeAfterBody:
		if t.a == atom.Html {
			b.htmlEnd, b.htmlEndTag = t.off, t.end
			b.mode = modeAfterAfterBody
			return false
		}
		b.mode = modeInBody
		return true
	case modeInFrameset:
		if t.a == atom.Frameset && len(b.stack) > 2 {
			b.pop(t.off, t.end)
			if !b.top().isHTML(atom.Frameset) {
				b.mode = modeAfterFrameset
			}
		}
		return false
	case modeAfterFrameset:
		if t.a == atom.Html {
			b.mode = modeAfterAfterFrameset
		}
		return false
	case modeAfterAfterBody:
		b.mode = modeInBody
		return true
	}
	return false
}

func (b *builder) endInHead(t *tagToken) bool {
	switch t.a {
	case atom.Head:
		if top := b.top(); top.isHTML(atom.Head) {
			b.pop(t.off, t.end)
		}
		b.mode = modeAfterHead
		return false
	case atom.Body, atom.Html, atom.Br:
		b.endHead()
		return true
	case atom.Template:
		if b.onStack(atom.Template) < 0 {
			return false
		}
		b.generateImpliedEnd(0, true)
		b.popUntil(true, atom.Template)
		b.clearToMarker()
		b.templateModes = b.templateModes[:len(b.templateModes)-1]
		b.resetMode()
		return false
	}
	return false
}

func (b *builder) endInTable(t *tagToken) bool {
	switch t.a {
	case atom.Table:
		if b.inScope(scopeTable, atom.Table) < 0 {
			return false
		}
		b.popUntil(true, atom.Table)
		b.resetMode()
		return false
	case atom.Body, atom.Caption, atom.Col, atom.Colgroup, atom.Html, atom.Tbody, atom.Td, atom.Tfoot, atom.Th, atom.Thead, atom.Tr:
		return false
	case atom.Template:
		return b.endInHead(t)
	}
	b.fostering = true
	again := b.endInBody(t)
	b.fostering = false
	return again
}

// endInBody is the "in body" insertion mode for an end tag.
func (b *builder) endInBody(t *tagToken) bool {
	switch t.a {
	case atom.Template:
		return b.endInHead(t)
	case atom.Body, atom.Html:
		if b.inScope(scopeDefault, atom.Body) < 0 {
			return false
		}
		if t.a == atom.Body {
			b.bodyEnd, b.bodyEndTag = t.off, t.end
		} else {
			b.htmlEnd, b.htmlEndTag = t.off, t.end
		}
		b.mode = modeAfterBody
		return t.a == atom.Html
	case atom.Address, atom.Article, atom.Aside, atom.Blockquote, atom.Button, atom.Center, atom.Details,
		atom.Dialog, atom.Dir, atom.Div, atom.Dl, atom.Fieldset, atom.Figcaption, atom.Figure, atom.Footer,
		atom.Header, atom.Hgroup, atom.Listing, atom.Main, atom.Menu, atom.Nav, atom.Ol, atom.Pre,
		atom.Search, atom.Section, atom.Select, atom.Summary, atom.Ul:
		if b.inScope(scopeDefault, t.a) < 0 {
			return false
		}
		b.generateImpliedEnd(0, false)
		b.popUntil(true, t.a)
		return false
	case atom.Form:
		if b.onStack(atom.Template) < 0 {
			n := b.form
			b.form = nil
			if n == nil {
				return false
			}
			i := b.indexOf(n)
			if i < 0 || b.inScope(scopeDefault, atom.Form) != i {
				return false
			}
			b.generateImpliedEnd(0, false)
			if top := len(b.stack) - 1; top == i {
				b.pop(t.off, t.end)
			} else {
				b.removeAt(i, t.off, t.end)
			}
			return false
		}
		if b.inScope(scopeDefault, atom.Form) < 0 {
			return false
		}
		b.generateImpliedEnd(0, false)
		b.popUntil(true, atom.Form)
		return false
	case atom.P:
		if b.inScope(scopeButton, atom.P) < 0 {
			// A stray </p> makes an empty paragraph, as in a browser.
			p := *t
			p.fromEnd = true
			b.startInBody(&p)
		}
		b.closeP(true)
		return false
	case atom.Li:
		if b.inScope(scopeListItem, atom.Li) < 0 {
			return false
		}
		b.generateImpliedEnd(atom.Li, false)
		b.popUntil(true, atom.Li)
		return false
	case atom.Dd, atom.Dt:
		if b.inScope(scopeDefault, t.a) < 0 {
			return false
		}
		b.generateImpliedEnd(t.a, false)
		b.popUntil(true, t.a)
		return false
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		if b.inScope(scopeDefault, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6) < 0 {
			return false
		}
		b.generateImpliedEnd(0, false)
		b.popUntil(true, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6)
		return false
	case atom.A, atom.B, atom.Big, atom.Code, atom.Em, atom.Font, atom.I, atom.Nobr, atom.S, atom.Small, atom.Strike, atom.Strong, atom.Tt, atom.U:
		b.adoption(t.a, t)
		return false
	case atom.Applet, atom.Marquee, atom.Object:
		if b.inScope(scopeDefault, t.a) < 0 {
			return false
		}
		b.generateImpliedEnd(0, false)
		b.popUntil(true, t.a)
		b.clearToMarker()
		return false
	case atom.Br:
		// </br> is <br>, as in every browser.
		br := *t
		br.endTag, br.fromEnd = false, true
		return b.startInBody(&br)
	}
	b.anyOtherEnd(t)
	return false
}

// anyOtherEnd is the "any other end tag" of in body.
func (b *builder) anyOtherEnd(t *tagToken) {
	for i := len(b.stack) - 1; i > 0; i-- {
		e := &b.stack[i]
		if e.ns == nsHTML && e.atom == t.a && (t.a != 0 || e.n.Data == string(t.name)) {
			b.generateImpliedEnd(t.a, false)
			b.popTo(i, true)
			return
		}
		if e.special() {
			return
		}
	}
}

// adoption is the adoption agency algorithm, for the end tag of
// formatting element a (t is nil when a start tag <a> or <nobr> runs it).
func (b *builder) adoption(a atom.Atom, t *tagToken) {
	endTag := t != nil
	if top := b.top(); top.isHTML(a) && b.activeIndex(top.n) < 0 {
		b.pop(b.off, b.tokEnd)
		return
	}
	for outer := 0; outer < 8; outer++ {
		// The formatting element: the last entry a after the last marker.
		fi := -1
		for i := len(b.active) - 1; i >= 0 && b.active[i].n != nil; i-- {
			if b.active[i].a == a {
				fi = i
				break
			}
		}
		if fi < 0 {
			if endTag {
				b.anyOtherEnd(t)
			}
			return
		}
		fe := b.active[fi]
		si := b.indexOf(fe.n)
		if si < 0 {
			b.active = append(b.active[:fi], b.active[fi+1:]...)
			return
		}
		if b.inScope(scopeDefault, a) < 0 || !b.elementInScope(si) {
			return
		}
		// The furthest block: the first special element above it.
		fb := -1
		for i := si + 1; i < len(b.stack); i++ {
			if b.stack[i].special() {
				fb = i
				break
			}
		}
		if fb < 0 {
			b.popTo(si, endTag)
			b.active = append(b.active[:fi], b.active[fi+1:]...)
			return
		}
		common := b.stack[si-1].n
		furthest := b.stack[fb].n
		bookmark := fi
		node, last := fb, fb
		lastNode := furthest
		lastID := b.stack[fb].id
		for inner := 1; ; inner++ {
			node--
			if node == si {
				break
			}
			ne := b.stack[node]
			ai := b.activeIndex(ne.n)
			if inner > 3 && ai >= 0 {
				b.active = append(b.active[:ai], b.active[ai+1:]...)
				if ai < bookmark {
					bookmark--
				}
				ai = -1
			}
			if ai < 0 {
				b.removeAt(node, b.off, b.off)
				fb--
				last--
				continue
			}
			c, cid := b.clone(ne.id, b.off)
			b.active[ai] = fmtEntry{n: c, id: cid, a: ne.atom}
			ce := ne
			ce.n, ce.id = c, cid
			b.d.info(ne.id).closeStart, b.d.info(ne.id).end = int32(b.off), int32(b.off)
			b.stack[node] = ce
			if last == fb {
				bookmark = ai + 1
			}
			b.move(lastNode, lastID, c)
			lastNode, lastID = c, cid
			last = node
		}
		// Put lastNode where it belongs in the common ancestor.
		if lastNode.Parent != nil {
			b.detach(lastNode, lastID)
		}
		saved := b.fostering
		if ce := b.stack[si-1]; ce.tablePart() {
			b.fostering = true
			cur := b.stack
			b.stack = b.stack[:si]
			p := b.place()
			b.stack = cur
			if p.before != nil {
				p.parent.InsertBefore(lastNode, p.before)
			} else {
				appendTo(p.parent, lastNode)
			}
		} else {
			appendTo(common, lastNode)
		}
		b.fostering = saved
		b.reordered = true
		// A clone of the formatting element takes the children of the
		// furthest block and becomes its only child.
		start := b.off
		if furthest.FirstChild != nil {
			if id := b.d.idSlow(furthest.FirstChild); id >= 0 {
				start = int(b.d.info(id).start)
			}
		}
		c, cid := b.clone(fe.id, start)
		for ch := furthest.FirstChild; ch != nil; {
			next := ch.NextSibling
			furthest.RemoveChild(ch)
			appendTo(c, ch)
			ch = next
		}
		appendTo(furthest, c)
		// The formatting element ends where what it lost begins.
		in := b.d.info(fe.id)
		cut := b.off
		if id := b.d.idSlow(lastNode); id >= 0 && int(b.d.info(id).start) < cut && int(b.d.info(id).start) >= int(in.tagEnd) {
			cut = int(b.d.info(id).start)
		}
		// Replace the formatting element in the list (at the bookmark)
		// and on the stack (just above the furthest block).
		b.active = append(b.active[:fi], b.active[fi+1:]...)
		if bookmark > fi {
			bookmark--
		}
		bookmark = min(bookmark, len(b.active))
		b.active = append(b.active[:bookmark], append([]fmtEntry{{n: c, id: cid, a: fe.a}}, b.active[bookmark:]...)...)
		fbEntry := b.stack[fb]
		b.removeAt(si, cut, cut)
		fb = b.indexOf(fbEntry.n)
		e := open{n: c, id: cid, atom: fe.a, cat: b.openAtoms.category(fe.a), ns: nsHTML, noText: fbEntry.noText, owner: fbEntry.owner}
		b.stack = append(b.stack, open{})
		copy(b.stack[fb+2:], b.stack[fb+1:])
		b.stack[fb+1] = e
		b.count(e, 1)
	}
}

// elementInScope reports whether the element at stack index i is in
// (default) scope.
func (b *builder) elementInScope(i int) bool {
	for j := len(b.stack) - 1; j > i; j-- {
		if b.stack[j].bounds(scopeDefault) {
			return false
		}
	}
	return true
}

// move makes n (id) the last child of parent, taking it from where it was.
func (b *builder) move(n *html.Node, id int32, parent *html.Node) {
	if n.Parent != nil {
		b.detach(n, id)
	}
	appendTo(parent, n)
	b.reordered = true
}

// detach takes n (id) out of its parent. A parent already closed ends
// where n begins, so its span holds no more than its content.
func (b *builder) detach(n *html.Node, id int32) {
	p := n.Parent
	p.RemoveChild(n)
	if pid := b.d.idSlow(p); pid > 0 {
		in := b.d.info(pid)
		start := b.d.info(id).start
		if in.end > 0 && in.end > start && start >= in.tagEnd {
			in.end, in.closeStart = start, start
		}
	}
}

// removeAt removes the element at stack index i, which ends at end (its
// end tag at closeStart).
func (b *builder) removeAt(i, closeStart, end int) {
	e := b.stack[i]
	in := b.d.info(e.id)
	if e.reopened {
		in.end = max(in.end, int32(end))
	} else {
		in.closeStart, in.end = int32(closeStart), int32(end)
	}
	copy(b.stack[i:], b.stack[i+1:])
	b.stack = b.stack[:len(b.stack)-1]
	b.count(e, -1)
	if e.transparent {
		b.transparentOpen--
	}
	if !e.transparent && e.ns == nsHTML && !isInline(e.atom, e.cat) {
		b.text.flush()
	}
	b.text.owner = b.top().owner
	if i < len(b.stack) && e.n.LastChild != nil {
		// Taken from the middle of the stack (</form>): the elements
		// still open inside it end later, and so does it (see finishEOF).
		b.outlived = append(b.outlived, e.id)
	}
}

// removed marks the nodes of a subtree taken out of the document (the
// body a late <frameset> replaces).
func (b *builder) removed(n *html.Node) {
	b.reordered = true
}

// adoptTag gives the html or body element at stack index i, when it was
// implied, a later start tag of it (as a browser adds the tag's
// attributes to it) and keeps it in the tree: <img src=pixel.gif><body
// class=article> has a body that starts at its tag, as written, with the
// image inside it, before it. The attributes of a tag for an element that
// has a start tag already are ignored: each attribute of the tree is in
// its element's own start tag.
func (b *builder) adoptTag(i int, t *tagToken) {
	e := &b.stack[i]
	k := -1
	for j, id := range b.implied {
		if id == e.id {
			k = j
		}
	}
	if k < 0 || e.n.Attr != nil {
		return
	}
	b.implied = append(b.implied[:k], b.implied[k+1:]...)
	if e.transparent {
		e.transparent = false
		b.transparentOpen--
	}
	b.attributes(e.n, t.raw, t.off)
	in := b.d.info(e.id)
	in.start, in.tagEnd = int32(t.off), int32(t.end)
	b.inspect(e.n, e.atom, Span{t.off, t.end})
	// What came before the tag is inside the element but not its span.
	b.d.reordered = true
}

// ---- foreign content ----

// breaksOut reports whether a start tag ends foreign content.
func breaksOut(t *tagToken) bool {
	switch t.a {
	case atom.B, atom.Big, atom.Blockquote, atom.Body, atom.Br, atom.Center, atom.Code, atom.Dd, atom.Div,
		atom.Dl, atom.Dt, atom.Em, atom.Embed, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Head,
		atom.Hr, atom.I, atom.Img, atom.Li, atom.Listing, atom.Menu, atom.Meta, atom.Nobr, atom.Ol, atom.P,
		atom.Pre, atom.Ruby, atom.S, atom.Small, atom.Span, atom.Strong, atom.Strike, atom.Sub, atom.Sup,
		atom.Table, atom.Tt, atom.U, atom.Ul, atom.Var:
		return true
	case atom.Font:
		for _, k := range []string{"color", "face", "size"} {
			if hasTagAttr(t.raw, k) {
				return true
			}
		}
	}
	return false
}

// popForeign pops foreign elements until the current node is HTML, an
// HTML integration point or a MathML text integration point.
func (b *builder) popForeign() {
	for len(b.stack) > 1 {
		e := b.top()
		if e.ns == nsHTML || e.integration || e.ns == nsMath && (e.atom == atom.Mi || e.atom == atom.Mo || e.atom == atom.Mn || e.atom == atom.Ms || e.atom == atom.Mtext) {
			return
		}
		b.pop(b.off, b.off)
	}
}

func (b *builder) foreignStart(t *tagToken) bool {
	if breaksOut(t) {
		b.popForeign()
		return b.start(b.mode, t)
	}
	ns := "svg"
	if b.adjustedCurrent().ns == nsMath {
		ns = "math"
	}
	if t.self {
		b.insertVoid(t, ns)
	} else {
		b.insertElement(t, ns)
	}
	return false
}

func (b *builder) foreignEnd(t *tagToken) bool {
	if t.a == atom.P || t.a == atom.Br {
		// </p> and </br> end foreign content, as their start tags do.
		b.popForeign()
		return b.end(b.mode, t)
	}
	for i := len(b.stack) - 1; i > 0; i-- {
		e := &b.stack[i]
		if i < len(b.stack)-1 && e.ns == nsHTML {
			return b.end(b.mode, t)
		}
		if strings.EqualFold(e.n.Data, string(t.name)) {
			b.popTo(i, true)
			return false
		}
	}
	return false
}

// svgNames are the SVG element names the standard writes in mixed case.
var svgNames = map[string]string{
	"altglyph": "altGlyph", "altglyphdef": "altGlyphDef", "altglyphitem": "altGlyphItem",
	"animatecolor": "animateColor", "animatemotion": "animateMotion", "animatetransform": "animateTransform",
	"clippath": "clipPath", "feblend": "feBlend", "fecolormatrix": "feColorMatrix",
	"fecomponenttransfer": "feComponentTransfer", "fecomposite": "feComposite", "feconvolvematrix": "feConvolveMatrix",
	"fediffuselighting": "feDiffuseLighting", "fedisplacementmap": "feDisplacementMap", "fedistantlight": "feDistantLight",
	"fedropshadow": "feDropShadow", "feflood": "feFlood", "fefunca": "feFuncA", "fefuncb": "feFuncB",
	"fefuncg": "feFuncG", "fefuncr": "feFuncR", "fegaussianblur": "feGaussianBlur", "feimage": "feImage",
	"femerge": "feMerge", "femergenode": "feMergeNode", "femorphology": "feMorphology", "feoffset": "feOffset",
	"fepointlight": "fePointLight", "fespecularlighting": "feSpecularLighting", "fespotlight": "feSpotLight",
	"fetile": "feTile", "feturbulence": "feTurbulence", "foreignobject": "foreignObject", "glyphref": "glyphRef",
	"lineargradient": "linearGradient", "radialgradient": "radialGradient", "textpath": "textPath",
}

// quirksDoctype reports whether a doctype (the text of its token) puts
// the document in quirks mode, in which a table does not end an open
// paragraph. The public identifiers are those of the standard that
// browsers still recognise.
func quirksDoctype(text string) bool {
	s := strings.ToLower(strings.TrimSpace(text))
	name, rest, _ := strings.Cut(s, " ")
	if name != "html" {
		return true
	}
	rest = strings.TrimSpace(rest)
	var public, system string
	hasSystem := false
	readID := func(s string) (string, string, bool) {
		s = strings.TrimSpace(s)
		if s == "" || s[0] != '"' && s[0] != '\'' {
			return "", s, false
		}
		q := s[0]
		j := strings.IndexByte(s[1:], q)
		if j < 0 {
			return s[1:], "", true
		}
		return s[1 : 1+j], s[2+j:], true
	}
	switch {
	case strings.HasPrefix(rest, "public"):
		var ok bool
		public, rest, ok = readID(rest[len("public"):])
		if !ok {
			return true
		}
		system, _, hasSystem = readID(rest)
	case strings.HasPrefix(rest, "system"):
		system, _, hasSystem = readID(rest[len("system"):])
	case rest != "":
		return true
	}
	if public == "-//w3o//dtd w3 html strict 3.0//en//" || public == "-/w3c/dtd html 4.0 transitional/en" || public == "html" ||
		system == "http://www.ibm.com/data/dtd/v11/ibmxhtml1-transitional.dtd" {
		return true
	}
	for _, p := range quirkyPublicIDs {
		if strings.HasPrefix(public, p) {
			return true
		}
	}
	if !hasSystem && (strings.HasPrefix(public, "-//w3c//dtd html 4.01 frameset//") || strings.HasPrefix(public, "-//w3c//dtd html 4.01 transitional//")) {
		return true
	}
	return false
}

var quirkyPublicIDs = []string{
	"+//silmaril//dtd html pro v0r11 19970101//", "-//as//dtd html 3.0 aswedit + extensions//",
	"-//advasoft ltd//dtd html 3.0 aswedit + extensions//", "-//ietf//dtd html 2.0 level 1//",
	"-//ietf//dtd html 2.0 level 2//", "-//ietf//dtd html 2.0 strict level 1//", "-//ietf//dtd html 2.0 strict level 2//",
	"-//ietf//dtd html 2.0 strict//", "-//ietf//dtd html 2.0//", "-//ietf//dtd html 2.1e//", "-//ietf//dtd html 3.0//",
	"-//ietf//dtd html 3.2 final//", "-//ietf//dtd html 3.2//", "-//ietf//dtd html 3//", "-//ietf//dtd html level 0//",
	"-//ietf//dtd html level 1//", "-//ietf//dtd html level 2//", "-//ietf//dtd html level 3//",
	"-//ietf//dtd html strict level 0//", "-//ietf//dtd html strict level 1//", "-//ietf//dtd html strict level 2//",
	"-//ietf//dtd html strict level 3//", "-//ietf//dtd html strict//", "-//ietf//dtd html//",
	"-//metrius//dtd metrius presentational//", "-//microsoft//dtd internet explorer 2.0 html strict//",
	"-//microsoft//dtd internet explorer 2.0 html//", "-//microsoft//dtd internet explorer 2.0 tables//",
	"-//microsoft//dtd internet explorer 3.0 html strict//", "-//microsoft//dtd internet explorer 3.0 html//",
	"-//microsoft//dtd internet explorer 3.0 tables//", "-//netscape comm. corp.//dtd html//",
	"-//netscape comm. corp.//dtd strict html//", "-//o'reilly and associates//dtd html 2.0//",
	"-//o'reilly and associates//dtd html extended 1.0//", "-//o'reilly and associates//dtd html extended relaxed 1.0//",
	"-//sq//dtd html 2.0 hotmetal + extensions//",
	"-//softquad software//dtd hotmetal pro 6.0::19990601::extensions to html 4.0//",
	"-//softquad//dtd hotmetal pro 4.0::19971010::extensions to html 4.0//", "-//spyglass//dtd html 2.0 extended//",
	"-//sun microsystems corp.//dtd hotjava html//", "-//sun microsystems corp.//dtd hotjava strict html//",
	"-//w3c//dtd html 3 1995-03-24//", "-//w3c//dtd html 3.2 draft//", "-//w3c//dtd html 3.2 final//",
	"-//w3c//dtd html 3.2//", "-//w3c//dtd html 3.2s draft//", "-//w3c//dtd html 4.0 frameset//",
	"-//w3c//dtd html 4.0 transitional//", "-//w3c//dtd html experimental 19960712//",
	"-//w3c//dtd html experimental 970421//", "-//w3c//dtd w3 html//", "-//w3o//dtd w3 html 3.0//",
	"-//webtechs//dtd mozilla html 2.0//", "-//webtechs//dtd mozilla html//",
}

// tagAttr returns the value of attribute key of a start tag (raw), with
// character references left as they are; "" when it has none.
func tagAttr(raw []byte, key string) string {
	for _, sp := range scanAttrs(raw, 0, nil) {
		if asciiEqualFold(raw[sp.ks:sp.ke], []byte(key)) {
			return string(raw[sp.vs:sp.ve])
		}
	}
	return ""
}

func hasTagAttr(raw []byte, key string) bool {
	for _, sp := range scanAttrs(raw, 0, nil) {
		if asciiEqualFold(raw[sp.ks:sp.ke], []byte(key)) {
			return true
		}
	}
	return false
}
