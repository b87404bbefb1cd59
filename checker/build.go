package checker

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unsafe"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Parse builds the positioned tree and the text model of an HTML file.
// path is the slash path used in reports. Parse accepts any bytes: like a
// browser it repairs unclosed and misnested markup, and it never recurses,
// so deeply nested input cannot exhaust the stack. A file in an encoding
// other than UTF-8 is decoded first (see encoding.go).
func Parse(path string, src []byte) (*Document, error) {
	return parse(path, src, "", false)
}

// build builds the tree and the text model of d.Src.
func (d *Document) build() error { return d.buildWith(false) }

// buildWith is build; with viaTokenizer, the page is read by
// golang.org/x/net/html's Tokenizer instead of the lexer, and tag names
// and attributes through its TagName and TagAttr (which copy them), as
// the tests compare with the reading from raw bytes by the lexer.
func (d *Document) buildWith(viaTokenizer bool) error {
	src := d.Src
	if len(src) >= maxFileSize {
		return errors.New("file too large to check (2 GiB or more)")
	}
	if len(src) > 0 {
		d.src = unsafe.String(&src[0], len(src))
	}
	b := builder{d: d, viaTokenizer: viaTokenizer, openComment: -1, budget: nodeBudget(len(d.File))}
	b.hasCR, b.hasNUL = bytes.IndexByte(src, '\r') >= 0, bytes.IndexByte(src, 0) >= 0
	b.text.simple = viaTokenizer
	if err := b.run(); err != nil {
		return err
	}
	d.indexChunks()
	d.indexAttrChunks()
	return nil
}

// open is an element on the builder's stack of open elements. What it
// inherits from the elements around it is stored with it, so no step of
// the builder searches the stack for it.
type open struct {
	n      *html.Node
	id     int32
	atom   atom.Atom
	cat    uint16
	ns     uint8      // nsHTML, nsSVG or nsMath
	noText bool       // inside an element whose content is not visible text
	hidden bool       // inside (or at) an element hidden by its markup (visible.go)
	owner  *html.Node // the block-level element text here belongs to
	// integration: an HTML integration point (svg foreignObject, desc,
	// title; math annotation-xml with an HTML encoding).
	integration bool
	// transparent: an implied html, head, body or tbody, which the text
	// model ignores as the tree will.
	transparent bool
	// reopened: the head, pushed again for an element after it.
	reopened bool
}

// count keeps the number of open elements of each name, so that most
// questions about the stack are answered without searching it.
func (b *builder) count(e open, delta int32) {
	if e.atom != 0 {
		*b.openAtoms.count(e.atom) += delta
	} else {
		b.openNames[e.n.Data] += delta
	}
}

type builder struct {
	d         *Document
	lx        lexer
	z         *html.Tokenizer // in place of lx, with viaTokenizer
	tags      tagTokenizer    // reads a tag's attributes whose values have references
	stack     []open
	openAtoms atomCounts
	openNames map[string]int32
	off       int  // offset of the current token
	tokEnd    int  // end of the current token
	deep      bool // the input went deeper than maxDepth
	text      textBuilder
	spans     []attrSpan       // the attribute spans of the current tag
	tokAttrs  []html.Attribute // its attributes read by the tokenizer
	rawNext   bool             // the next token is read as raw text
	rawOK     bool             // the start tag just processed opened a raw text element
	// openComment is the offset of a comment that runs to the end of the
	// input without being closed, or -1.
	openComment int
	// The page has "\r", and has NUL: the bytes the tokenizer changes in
	// text and values besides character references. Most pages have
	// neither, and then no token is searched for them.
	hasCR, hasNUL bool

	viaTokenizer bool // read the page with html.Tokenizer, names and attributes with TagName and TagAttr (tests)

	// budget is the most nodes and attributes the page may have (see
	// nodeBudget); attrs counts the attributes read so far.
	budget, attrs int

	// kept is the block the strings the tree keeps that are not part of
	// the page are copied to (see keep); scratch is room to build text in.
	kept, scratch []byte
	// spaces are the white space texts kept so far, each kept once (a
	// page in CRLF has one between most tags).
	spaces map[string]string
	// nameBuf and keyBuf hold the current tag's name and an attribute key
	// in lower case when the page has them otherwise (see lowerInto).
	nameBuf, keyBuf []byte
	// unesc is room to decode an attribute value in (attrUnescape).
	unesc []byte

	treeState
}

// atomCounts counts open elements by atom: a hash table with room for
// every atom there is, so it never fills up or grows (cheaper than a map,
// and the builder looks it up for every tag).
type atomCounts struct {
	keys   [atomSlots]atom.Atom
	counts [atomSlots]int32
	cats   [atomSlots]uint16 // 1 + category(keys[i]), 0 until looked up
}

// atomSlots is a power of two, over twice the number of atoms (about
// 370; TestAtomCounts counts them).
const atomSlots = 1024

// slot returns the slot of a, adding a to the table.
func (t *atomCounts) slot(a atom.Atom) uint32 {
	for i := uint32(a) * 0x9e3779b1 >> 22; ; i = (i + 1) % atomSlots {
		switch t.keys[i] {
		case a:
			return i
		case 0:
			t.keys[i] = a
			return i
		}
	}
}

// count returns the count of a.
func (t *atomCounts) count(a atom.Atom) *int32 { return &t.counts[t.slot(a)] }

// category is category(a), looked up once per page.
func (t *atomCounts) category(a atom.Atom) uint16 {
	if a == 0 {
		return 0
	}
	i := t.slot(a)
	if t.cats[i] == 0 {
		t.cats[i] = 1 + category(a)
	}
	return t.cats[i] - 1
}

// maxDepth is the deepest nesting of elements the tree keeps (Chromium's
// HTML parser has the same limit).
const maxDepth = 512

func (b *builder) run() error {
	d := b.d
	root, id := d.newNode()
	root.Type = html.DocumentNode
	d.Root = root
	*d.info(id) = nodeInfo{start: 0, end: int32(len(d.Src))}
	b.stack = append(b.stack, open{n: root, id: id, owner: root})
	b.openNames = make(map[string]int32)
	b.text.init(d)
	b.framesetOK = true
	b.bodyEnd, b.htmlEnd = -1, -1

	b.lx = lexer{src: d.Src, attrsAt: -1, maxAttrs: b.budget}
	if b.viaTokenizer {
		b.z = html.NewTokenizer(bytes.NewReader(d.Src))
	}
	for {
		cdata := len(b.stack) > 1 && b.top().ns != nsHTML
		var tt html.TokenType
		var end int
		if b.z != nil {
			b.z.AllowCDATA(cdata)
			tt = b.z.Next()
			end = b.off + len(b.z.Raw())
			// The lexer reads along, told what the Tokenizer is told,
			// and must agree (TestLexerBuilderDecisions).
			if ltt, lend := b.lx.next(cdata); ltt != tt || lend != end {
				return fmt.Errorf("at %d the lexer reads a %v token to %d, the Tokenizer a %v token to %d", b.off, ltt, lend, tt, end)
			}
		} else {
			tt, end = b.lx.next(cdata)
		}
		b.tokEnd = end
		raw := d.Src[b.off:end]
		rawText := b.rawNext // this token is the content of a raw text element
		b.rawNext = false
		switch tt {
		case html.ErrorToken:
			if b.z != nil && b.z.Err() != io.EOF {
				return b.z.Err()
			}
			b.finishEOF()
			return nil
		case html.TextToken:
			b.textToken(raw, b.off, rawText)
		case html.StartTagToken, html.SelfClosingTagToken:
			t := b.readTag(raw, end, false)
			t.self = tt == html.SelfClosingTagToken
			b.rawOK = false
			b.startTag(&t)
			// t.a is the atom of t.name, or Img for "image" (neither
			// is a raw text element).
			if rawTextTag(t.a) {
				switch {
				case !b.rawOK:
					b.lx.notRawText()
					if b.z != nil {
						b.z.NextIsNotRawText()
					}
				case t.a != atom.Textarea && t.a != atom.Title:
					// The tokenizer reads the element's content as raw
					// text: no character references are decoded in it.
					b.rawNext = true
				}
			}
		case html.EndTagToken:
			t := b.readTag(raw, end, true)
			b.endTagToken(&t)
		case html.CommentToken:
			if b.mode == modeInTableText {
				b.flushTableText()
			}
			if end == len(d.Src) && !commentClosed(raw) {
				b.openComment = b.off
			}
			if bytes.HasPrefix(raw, []byte("<!--")) {
				// The text as the tokenizer reads it: the page's own
				// bytes after "<!--" unless it changed them (line breaks,
				// NUL), as a substring of the page then.
				t := b.tokenText()
				var text string
				if len(raw) >= 4+len(t) && bytes.Equal(raw[4:4+len(t)], t) {
					text = b.substr(b.off+4, b.off+4+len(t))
				} else {
					text = b.keep(t)
				}
				d.Comments = append(d.Comments, Comment{Text: text, Span: Span{b.off, end}})
				d.marked = d.marked || strings.Contains(text, string(ignoreMarker))
			}
		case html.DoctypeToken:
			b.doctype(b.tokenText())
		}
		if int(d.nodes)+b.attrs > b.budget {
			return b.overBudget()
		}
		b.off = end
	}
}

// tokenText returns the text of the current comment or doctype token,
// as Tokenizer.Text does.
func (b *builder) tokenText() []byte {
	if b.z != nil {
		return b.z.Text()
	}
	return b.lx.text()
}

// readTag reads the name of a tag token.
func (b *builder) readTag(raw []byte, end int, endTag bool) tagToken {
	skip := 1
	if endTag {
		skip = 2
	}
	nameRaw, upper := tagNameUpper(raw[skip:])
	name := nameRaw
	if upper {
		name = lowerSlow(&b.nameBuf, nameRaw) // the token's name until the next tag
	}
	if b.viaTokenizer {
		name, _ = b.z.TagName()
		nameRaw = nil
	}
	return tagToken{a: atom.Lookup(name), name: name, nameRaw: nameRaw, raw: raw, off: b.off, end: end, endTag: endTag}
}

// commentClosed reports whether the raw bytes of a comment token end the
// comment: "-->" or "--!>" after "<!--", ">" for a bogus comment ("<!x>",
// "<?x>").
func commentClosed(raw []byte) bool {
	if bytes.HasPrefix(raw, []byte("<!--")) {
		return bytes.HasSuffix(raw, []byte("-->")) || bytes.HasSuffix(raw, []byte("--!>"))
	}
	return bytes.HasSuffix(raw, []byte(">"))
}

// finishEOF closes what the end of the input leaves open. An unfinished
// tag at the end is dropped, as browsers do: its bytes belong to no node.
// A comment or a raw text element (script, style, textarea, …) that is
// never closed holds the rest of the file. Either way the content of the
// elements still open ends where that begins, so that a fix never inserts
// text into it: it would finish the tag, or be swallowed by the comment.
func (b *builder) finishEOF() {
	d := b.d
	tail, end := b.off, b.off
	b.tokEnd = b.off
	switch t := b.top(); {
	case b.off < len(d.Src):
		d.Warnings = append(d.Warnings, Warning{b.off, "the file ends inside an unfinished tag, which is ignored"})
	case b.openComment >= 0:
		tail, end = b.openComment, len(d.Src)
		d.Warnings = append(d.Warnings, Warning{tail, "this comment is never closed: the rest of the file is inside it"})
	case len(b.stack) > 1 && t.ns == nsHTML && rawTextTag(t.atom) && b.mode == modeText:
		start := int(d.info(t.id).start)
		b.pop(len(d.Src), len(d.Src))
		b.mode = b.original
		tail, end = start, len(d.Src)
		d.Warnings = append(d.Warnings, Warning{start, fmt.Sprintf("<%s> is never closed: the rest of the file is its content", t.n.Data)})
	}
	b.off, b.tokEnd = tail, end
	b.eof()
	for len(b.stack) > 1 {
		t := b.top()
		cs, e := tail, end
		switch {
		case t.isHTML(atom.Body) && b.bodyEnd >= 0 && b.bodyEnd <= tail:
			cs, e = b.bodyEnd, max(end, b.bodyEndTag)
		case t.isHTML(atom.Html) && b.htmlEnd >= 0 && b.htmlEnd <= tail:
			cs, e = b.htmlEnd, max(end, b.htmlEndTag)
		}
		b.pop(cs, e)
	}
	b.text.finish()
	d.info(0).end = int32(len(d.Src))
	d.info(0).closeStart = int32(tail)
	for k := len(b.outlived) - 1; k >= 0; k-- {
		id := b.outlived[k]
		if last := d.node(id).LastChild; last != nil {
			if lid := d.idSlow(last); lid >= 0 && d.info(lid).end > d.info(id).end {
				d.info(id).end = d.info(lid).end
			}
		}
	}
	b.unwrapImplied()
	if b.reordered {
		d.renumber()
	}
}

func (b *builder) top() *open { return &b.stack[len(b.stack)-1] }

// substr returns the source bytes [i, j) as a string without copying.
func (b *builder) substr(i, j int) string { return b.d.src[i:j] }

// keep returns p as a string the document keeps, copied into a block of
// such strings (blocks of 512 bytes to 32 KiB, each twice the one
// before). Text with character references or line breaks in CRLF, names
// in capitals, comments: the tree keeps tens of thousands of small
// strings on a large page, which allocated one by one would sit among
// the tokenizer's garbage of the same size class, holding its spans
// after a collection (a 100 MB article kept 20 to 38 MB of such spans).
func (b *builder) keep(p []byte) string {
	const first, most = 512, 32 << 10
	if len(p) == 0 {
		return ""
	}
	if len(p) > most/4 {
		return string(p)
	}
	if cap(b.kept)-len(b.kept) < len(p) {
		b.kept = make([]byte, 0, min(max(2*cap(b.kept), first), most))
	}
	i := len(b.kept)
	b.kept = append(b.kept, p...)
	return unsafe.String(&b.kept[i], len(p))
}

// keepText is keep for the text of a text node: white space of up to 64
// bytes is kept once for the page (a 100 MB article of pages in CRLF
// kept 7 MB of copies of a few hundred such texts).
func (b *builder) keepText(p []byte) string {
	if len(p) > 64 || !allSpace(p) {
		return b.keep(p)
	}
	if s, ok := b.spaces[string(p)]; ok {
		return s
	}
	if b.spaces == nil {
		b.spaces = make(map[string]string)
	}
	s := b.keep(p)
	b.spaces[s] = s
	return s
}

// allSpace reports whether p is all ASCII white space.
func allSpace(p []byte) bool {
	for _, c := range p {
		if c != ' ' && c != '\n' && c != '\t' && c != '\f' && c != '\r' {
			return false
		}
	}
	return true
}

// keepString is keep of a string.
func (b *builder) keepString(s string) string {
	return b.keep(unsafe.Slice(unsafe.StringData(s), len(s)))
}

// cleanText returns raw with its line breaks normalised and each NUL
// replaced by nul, built in b.scratch (valid until the next call).
func (b *builder) cleanText(raw []byte, nul string) []byte {
	out := b.scratch[:0]
	if cap(out) < len(raw) {
		out = make([]byte, 0, len(raw)+len(raw)/8)
	}
	for len(raw) > 0 {
		// Copy the run of bytes up to the next "\r" or NUL whole.
		i := 0
		if b.hasNUL {
			for i < len(raw) && raw[i] != '\r' && raw[i] != 0 {
				i++
			}
		} else if i = bytes.IndexByte(raw, '\r'); i < 0 {
			i = len(raw)
		}
		out = append(out, raw[:i]...)
		if i == len(raw) {
			break
		}
		if raw[i] == '\r' {
			out = append(out, '\n')
			if i+1 < len(raw) && raw[i+1] == '\n' {
				i++
			}
		} else {
			out = append(out, nul...)
		}
		raw = raw[i+1:]
	}
	b.scratch = out
	return out
}

// newElement makes the element of start tag t in namespace ns ("" for
// HTML), with its attributes, and records what the page says about
// itself in it.
func (b *builder) newElement(t *tagToken, ns string) (*html.Node, int32) {
	n, id := b.d.newNode()
	n.Type = html.ElementNode
	a, name := t.a, t.name
	n.DataAtom = a
	n.Namespace = ns
	switch {
	case ns == "svg" && svgNames[string(name)] != "":
		n.Data = svgNames[string(name)]
	case a != 0:
		n.Data = a.String()
	case len(name) == len(t.nameRaw) && string(name) == string(t.nameRaw):
		skip := 1
		if t.endTag {
			skip = 2
		}
		n.Data = b.substr(t.off+skip, t.off+skip+len(t.nameRaw))
	default:
		n.Data = b.keep(name)
	}
	if t.fromEnd {
		// </br> and a stray </p>: the end tag is all there is.
		in := b.d.info(id)
		in.start, in.tagEnd = int32(t.off), int32(t.end)
		if a == atom.P {
			in.tagEnd = int32(t.off)
		}
		return n, id
	}
	b.attributes(n, t.raw, t.off)
	in := b.d.info(id)
	in.start, in.tagEnd = int32(t.off), int32(t.end)
	if ns == "" {
		b.inspect(n, a, Span{t.off, t.end})
	}
	return n, id
}

// pop closes the top element: its end tag starts at closeStart and the
// element ends at end.
func (b *builder) pop(closeStart, end int) {
	b.removeAt(len(b.stack)-1, closeStart, end)
}

// rawTextTag reports whether the tokenizer reads the content of a as raw
// text (which it must not do inside svg and math).
func rawTextTag(a atom.Atom) bool {
	switch a {
	case atom.Iframe, atom.Noembed, atom.Noframes, atom.Noscript, atom.Plaintext,
		atom.Script, atom.Style, atom.Textarea, atom.Title, atom.Xmp:
		return true
	}
	return false
}

// isInline reports whether an element continues the surrounding block of
// text. Unknown elements (custom elements) are inline, as in CSS.
func isInline(a atom.Atom, cat uint16) bool {
	return a == 0 || cat&catInline != 0
}

// inspect records what the document says about itself.
func (b *builder) inspect(n *html.Node, a atom.Atom, tag Span) {
	d := b.d
	switch a {
	case atom.Html:
		if d.Lang == "" {
			for _, at := range n.Attr {
				if at.Key == "lang" {
					d.Lang = strings.TrimSpace(at.Val)
				}
			}
		}
	case atom.Meta:
		var key, content string
		hasContent := false
		for _, at := range n.Attr {
			switch at.Key {
			case "name", "property", "http-equiv", "itemprop":
				if key == "" {
					key = strings.ToLower(strings.TrimSpace(at.Val))
				}
			case "content":
				content, hasContent = at.Val, true
			}
		}
		if key != "" && hasContent {
			d.Metas = append(d.Metas, Meta{Key: key, Content: content, Span: tag})
		}
	}
}

// attributes fills n.Attr and records where each attribute is in the
// source. The attributes come from the lexer's scan of the tag (or
// scanAttrs), which follows the tokenizer's own rules, so the two agree
// attribute for attribute; keys and values are substrings of the source wherever the
// tokenizer would return them unchanged, so reading them copies nothing.
// Character references in values are decoded as the tokenizer decodes
// them in attributes (attrUnescape); a tag with a reference attrUnescape
// does not know is read through a Tokenizer.
func (b *builder) attributes(n *html.Node, raw []byte, off int) {
	d := b.d
	var upper bool
	if b.z == nil && off == b.lx.attrsAt {
		// The lexer has read the attributes of the current tag.
		b.spans, upper = append(b.spans[:0], b.lx.attrs...), b.lx.upper
	} else {
		b.spans, upper = scanAttrsUpper(raw, off, b.spans[:0])
	}
	spans := b.spans
	if b.attrs += len(spans); len(spans) == 0 || int(d.nodes)+b.attrs > b.budget {
		return // (over the budget, run stops after this tag)
	}
	// Values are looked at one by one only when the tag as a whole has
	// "&" (or "\r" or NUL, below) somewhere. Character references are
	// decoded by attrUnescape where it knows them all, else the tag is
	// read by a Tokenizer.
	if b.viaTokenizer {
		b.tokenizerAttributes(n, raw, spans)
		return
	}
	amp := bytes.IndexByte(raw, '&') >= 0
	if amp {
		for _, sp := range spans {
			val := d.Src[sp.vs:sp.ve]
			if bytes.IndexByte(val, '&') < 0 {
				continue
			}
			var ok bool
			if b.unesc, ok = attrUnescape(b.unesc[:0], b.cleanValue(val)); !ok {
				b.tokenizerAttributes(n, raw, spans)
				return
			}
		}
	}
	clean := !b.crOrNUL(raw)
	n.Attr = b.attrSlab(spans)
	for i, sp := range spans {
		at := &n.Attr[i]
		if key := d.Src[sp.ks:sp.ke]; upper && needsLower(key) {
			at.Key = b.keep(lowerInto(&b.keyBuf, key))
		} else {
			at.Key = b.substr(int(sp.ks), int(sp.ke))
		}
		d.marked = d.marked || len(at.Key) == len(ignoreAttr) && at.Key == ignoreAttr
		val := d.Src[sp.vs:sp.ve]
		switch {
		case amp && bytes.IndexByte(val, '&') >= 0:
			if b.unesc, _ = attrUnescape(b.unesc[:0], b.cleanValue(val)); bytes.Equal(b.unesc, val) {
				at.Val = b.substr(int(sp.vs), int(sp.ve)) // "&" is text here ("?a=1&b=2")
			} else {
				at.Val = b.keep(b.unesc)
			}
		case !clean && b.crOrNUL(val):
			at.Val = b.keep(b.cleanText(val, "\ufffd"))
		default:
			at.Val = b.substr(int(sp.vs), int(sp.ve))
		}
	}
}

// cleanValue returns the attribute value val with its line breaks
// normalised and each NUL replaced by U+FFFD, as the Tokenizer reads it
// before decoding references (val itself when it has neither).
func (b *builder) cleanValue(val []byte) []byte {
	if b.crOrNUL(val) {
		return b.cleanText(val, "\ufffd")
	}
	return val
}

// attrSlab returns room for the attributes of a tag whose spans are
// spans, carved from the document's current attribute chunk (see
// attrChunk), with the spans stored beside it.
func (b *builder) attrSlab(spans []attrSpan) []html.Attribute {
	d, k := b.d, len(spans)
	c := d.lastAttrChunk()
	if c == nil || len(c.attrs)+k > cap(c.attrs) {
		size := max(k, attrChunkSize)
		attrs := make([]html.Attribute, 0, size)
		d.attrChunks = append(d.attrChunks, attrChunk{
			base:  uintptr(unsafe.Pointer(unsafe.SliceData(attrs))),
			attrs: attrs,
			spans: make([]attrSpan, 0, size),
		})
		c = d.lastAttrChunk()
	}
	i := len(c.attrs)
	c.attrs = c.attrs[:i+k]
	c.spans = append(c.spans, spans...)
	return c.attrs[i : i+k : i+k]
}

// tokenizerAttributes fills n.Attr from the tokenizer, which decodes
// character references in values as attributes need; raw is the tag and
// spans are those scanAttrs found. Should the tokenizer see other
// attributes than scanAttrs did, the attributes are kept but not their
// positions, which might be wrong. Unless the page is read by a
// Tokenizer (viaTokenizer), one reads the tag alone: it reads a tag
// the same alone as in the page (tokenizerTokens in lex_test.go checks).
func (b *builder) tokenizerAttributes(n *html.Node, raw []byte, spans []attrSpan) {
	d := b.d
	z := b.z
	if z == nil {
		z = b.tags.read(raw)
	}
	attrs := b.tokAttrs[:0]
	for {
		key, val, more := z.TagAttr()
		if key == nil {
			break
		}
		i := len(attrs)
		at := html.Attribute{}
		if a := atom.Lookup(key); a != 0 {
			at.Key = a.String()
		} else {
			at.Key = b.keep(key)
		}
		var span attrSpan
		if i < len(spans) {
			span = spans[i]
		}
		if vs, ve := int(span.vs), int(span.ve); ve-vs == len(val) && ve <= len(d.Src) && bytes.Equal(d.Src[vs:ve], val) {
			at.Val = b.substr(vs, ve)
		} else {
			at.Val = b.keep(val)
		}
		attrs = append(attrs, at)
		d.marked = d.marked || at.Key == ignoreAttr
		if !more {
			break
		}
	}
	b.tokAttrs = attrs
	if len(spans) != len(attrs) {
		d.Warnings = append(d.Warnings, Warning{b.off, "could not locate the attributes of this tag"})
		spans = spans[:0]
		for range attrs {
			o := int32(b.off)
			spans = append(spans, attrSpan{o, o, o, o})
		}
		b.spans = spans
	}
	if len(attrs) > 0 {
		n.Attr = b.attrSlab(spans)
		copy(n.Attr, attrs)
	}
}

// tagNameUpper returns the name of a tag from its raw bytes after "<" or
// "</", ending where the tokenizer ends it. It reports too whether lowerName
// changes the name.
func tagNameUpper(raw []byte) ([]byte, bool) {
	var seen uint8
	for i, c := range raw {
		k := tagBytes[c]
		if k&(tbSpace|tbSlash|tbGT) != 0 && i > 0 {
			return raw[:i], seen&tbUpper != 0
		}
		seen |= k
	}
	return raw, seen&tbUpper != 0
}

// crOrNUL reports whether s, part of the page, holds "\r" or NUL.
func (b *builder) crOrNUL(s []byte) bool {
	return b.hasCR && bytes.IndexByte(s, '\r') >= 0 || b.hasNUL && bytes.IndexByte(s, 0) >= 0
}

// needsLower reports whether lowerName changes name.
func needsLower(name []byte) bool {
	for _, c := range name {
		if tagBytes[c]&tbUpper != 0 {
			return true
		}
	}
	return false
}

// lowerName returns a tag or attribute name as the tokenizer does: NUL
// replaced by U+FFFD, ASCII letters in lower case. It returns name itself
// when nothing changes.
func lowerName(name []byte) []byte {
	if !needsLower(name) {
		return name
	}
	out := bytes.ReplaceAll(name, []byte{0}, []byte("\ufffd"))
	for i, c := range out {
		if 'A' <= c && c <= 'Z' {
			out[i] = c + 'a' - 'A'
		}
	}
	return out
}

// lowerInto is lowerName built in *buf, valid until the next call with
// buf; it returns name itself when nothing changes.
func lowerInto(buf *[]byte, name []byte) []byte {
	if !needsLower(name) {
		return name
	}
	return lowerSlow(buf, name)
}

func lowerSlow(buf *[]byte, name []byte) []byte {
	out := (*buf)[:0]
	for _, c := range name {
		switch {
		case c == 0:
			out = append(out, "\ufffd"...)
		case 'A' <= c && c <= 'Z':
			out = append(out, c+'a'-'A')
		default:
			out = append(out, c)
		}
	}
	*buf = out
	return out
}

// scanAttrs appends the spans of the attributes of the start tag raw
// (at offset off) to dst, skipping attributes whose key repeats an earlier
// one, as the tokenizer does.
func scanAttrs(raw []byte, off int, dst []attrSpan) []attrSpan {
	dst, _ = scanAttrsUpper(raw, off, dst)
	return dst
}

// scanAttrsUpper is scanAttrs, and whether lowerName changes any key
// (of the attributes kept or not).
func scanAttrsUpper(raw []byte, off int, dst []attrSpan) ([]attrSpan, bool) {
	var seen uint8
	first := len(dst)
	var keys attrKeys
	n := len(raw)
	i := 1 // after '<'
	// Tag name.
	for i < n && tagBytes[raw[i]]&(tbSpace|tbSlash|tbGT) == 0 {
		i++
	}
	for i < n && tagSpace(raw[i]) {
		i++
	}
	for i < n && raw[i] != '>' {
		// Key; a '=' at its start belongs to it.
		ks := i
		if raw[i] == '=' {
			i++
		}
		for i < n {
			k := tagBytes[raw[i]]
			if k&(tbSpace|tbSlash|tbGT|tbEq) != 0 {
				break
			}
			seen |= k
			i++
		}
		ke := i
		// Value. (A key can be empty only at a stray '/', which the
		// tokenizer reads as an empty key that the value part consumes.)
		vs, ve := ke, ke
		for i < n && tagSpace(raw[i]) {
			i++
		}
		if i < n && raw[i] == '/' {
			i++
		} else if i < n && raw[i] == '=' {
			i++
			for i < n && tagSpace(raw[i]) {
				i++
			}
			if i < n {
				switch q := raw[i]; q {
				case '>':
				case '\'', '"':
					i++
					vs = i
					if k := bytes.IndexByte(raw[i:], q); k >= 0 {
						i += k
						ve = i
						i++
					} else {
						i = n
						ve = n
					}
				default:
					vs = i
					for i < n && tagBytes[raw[i]]&(tbSpace|tbGT) == 0 {
						i++
					}
					ve = i
				}
			}
		}
		if ke > ks && (len(dst) == first || !keys.seen(raw[ks:ke], raw, dst[first:], off)) {
			o := int32(off)
			dst = append(room(dst, 1), attrSpan{o + int32(ks), o + int32(ke), o + int32(vs), o + int32(ve)})
		}
		for i < n && tagSpace(raw[i]) {
			i++
		}
	}
	return dst, seen&tbUpper != 0
}

// tagSpace reports whether c is white space inside a tag, for the
// tokenizer.
func tagSpace(c byte) bool { return tagBytes[c]&tbSpace != 0 }

// tagBytes classes the bytes that end names, keys and values in a tag:
// one table load per byte instead of up to eight comparisons.
var tagBytes = func() [256]uint8 {
	t := [256]uint8{
		' ': tbSpace, '\n': tbSpace, '\r': tbSpace, '\t': tbSpace, '\f': tbSpace,
		'/': tbSlash, '>': tbGT, '=': tbEq, 0: tbUpper,
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] |= tbUpper
	}
	return t
}()

const (
	tbSpace = 1 << iota // white space inside a tag (tagSpace)
	tbSlash             // '/'
	tbGT                // '>'
	tbEq                // '='
	tbUpper             // 'A' to 'Z' and NUL: what lowerName changes
)

// attrKeys tells whether a tag's attribute key repeats an earlier one,
// ignoring ASCII case as the tokenizer does. It compares with the keys
// found so far, and past a few keys looks them up in a set, so a tag with
// thousands of attributes costs no more than thousands of tags.
type attrKeys struct {
	set map[string]bool
}

// seen reports whether key repeats the key of one of spans (the spans of
// the tag so far, whose keys are in raw at offset off), and records it.
func (a *attrKeys) seen(key, raw []byte, spans []attrSpan, off int) bool {
	const few = 8
	if a.set == nil && len(spans) < few {
		for _, s := range spans {
			if int(s.ke-s.ks) == len(key) && asciiEqualFold(raw[int(s.ks)-off:int(s.ke)-off], key) {
				return true
			}
		}
		return false
	}
	if a.set == nil {
		a.set = make(map[string]bool, 2*few)
		for _, s := range spans {
			a.set[asciiLower(raw[int(s.ks)-off:int(s.ke)-off])] = true
		}
	}
	k := asciiLower(key)
	if a.set[k] {
		return true
	}
	a.set[k] = true
	return false
}

// asciiEqualFold reports whether a and b are equal with ASCII letters
// in either case (the tokenizer lower-cases attribute keys that way).
func asciiEqualFold(a, b []byte) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if lowerASCII(a[i]) != lowerASCII(b[i]) {
			return false
		}
	}
	return true
}

func asciiLower(b []byte) string {
	out := make([]byte, len(b))
	for i, c := range b {
		out[i] = lowerASCII(c)
	}
	return string(out)
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// The node budget. What a page costs is mostly its tree (see
// docs/limits.md): about 150 bytes a node while it is built and 215 while
// it is checked, 80 an attribute. A page of nothing but tiny elements
// ("<p>abcd" a million times: two million nodes in 8 MB) would take 50
// times its size, so a page may have at most budgetBase nodes and
// attributes, and one more for each budgetBytes bytes of the file: that
// keeps any page within 10 times its size and 100 MB. Real pages are far
// below it: the largest of the 300 pages of the shared corpus has 6,873
// nodes, the densest one a node per 22 bytes; a 100 MB article of their
// prose has 1.6 million, against a budget of 3.4 million.
const (
	budgetBase  = 250_000
	budgetBytes = 32
)

// nodeBudget returns the most nodes and attributes a file of size bytes
// may have.
func nodeBudget(size int) int { return budgetBase + size/budgetBytes }

// ErrTooManyNodes is a page over its node budget (see nodeBudget).
var ErrTooManyNodes = errors.New("too many elements")

// overBudget returns the error for a page whose token at b.off took it
// over its node budget.
func (b *builder) overBudget() error {
	d := b.d
	pos := d.Position(b.off)
	pos.Offset = d.FileOffset(b.off)
	return &FileError{Pos: pos, Err: fmt.Errorf("%w: more than %d elements, text nodes and attributes in a file of %d bytes (at most %d, and one more per %d bytes); not checked",
		ErrTooManyNodes, b.budget, len(d.File), budgetBase, budgetBytes)}
}

// tagTokenizer is one html.Tokenizer that reads tag after tag, each given
// alone: a Tokenizer costs a 4 KB buffer and a map, and a page has a tag
// with a reference in an attribute value ("&amp;" in a link) every few
// hundred bytes (18 MB of garbage for a 100 MB article when each had its
// own). The Tokenizer reads from the tagTokenizer, which hands it the
// tag it is given and nothing after: the Tokenizer reads no further than
// the '>' that ends a tag, and is told that no raw text follows.
type tagTokenizer struct {
	z    *html.Tokenizer
	next []byte // what the Tokenizer reads next
}

// Read gives the Tokenizer the tag; with nothing to give, io.EOF, after
// which the Tokenizer is done with and a new one made (a tag the lexer
// found whole never asks for more).
func (t *tagTokenizer) Read(p []byte) (int, error) {
	if len(t.next) == 0 {
		return 0, io.EOF
	}
	n := copy(p, t.next)
	t.next = t.next[n:]
	return n, nil
}

// read returns a Tokenizer that has read the start tag raw, whole.
func (t *tagTokenizer) read(raw []byte) *html.Tokenizer {
	t.next = raw
	if t.z == nil {
		t.z = html.NewTokenizer(t)
	}
	switch tt := t.z.Next(); {
	case (tt == html.StartTagToken || tt == html.SelfClosingTagToken) && len(t.z.Raw()) == len(raw) && len(t.next) == 0:
		t.z.NextIsNotRawText()
	default:
		// Not as expected (an unfinished tag at the end of a page reads
		// to EOF): a Tokenizer of its own reads it, and the next tag gets
		// a new one.
		t.z, t.next = nil, nil
		z := html.NewTokenizer(bytes.NewReader(raw))
		z.Next()
		return z
	}
	return t.z
}
