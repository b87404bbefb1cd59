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

// buildWith is build; with viaTokenizer, tag names and attributes are
// read through the tokenizer's TagName and TagAttr (which copy them), as
// the tests compare with the reading from raw bytes.
func (d *Document) buildWith(viaTokenizer bool) error {
	src := d.Src
	if len(src) >= maxFileSize {
		return errors.New("file too large to check (2 GiB or more)")
	}
	if len(src) > 0 {
		d.src = unsafe.String(&src[0], len(src))
	}
	b := builder{d: d, viaTokenizer: viaTokenizer, openComment: -1}
	b.hasCR, b.hasNUL = bytes.IndexByte(src, '\r') >= 0, bytes.IndexByte(src, 0) >= 0
	// Real pages have a node every 75 bytes and an attribute every 115.
	d.info = make([]nodeInfo, 0, len(src)/64+1)
	d.attrs = make([]AttrSpan, 0, len(src)/128+1)
	b.text.simple = viaTokenizer
	if err := b.run(); err != nil {
		return err
	}
	b.text.finish()
	d.indexChunks()
	return nil
}

// open is an element on the builder's stack of open elements. What it
// inherits from the elements around it is stored with it, so no step of
// the builder searches the stack: input nested 100 000 deep stays linear.
type open struct {
	n       *html.Node
	id      int32
	atom    atom.Atom
	cat     uint16
	noText  bool       // inside an element whose content is not visible text
	hidden  bool       // inside (or at) an element hidden by its markup (visible.go)
	foreign bool       // inside svg or math
	owner   *html.Node // the block-level element text here belongs to
	// near[k] is the stack index of the innermost open closable[k].atom
	// that a start tag could close implicitly, or -1.
	near [len(closable)]int32
}

// closable lists the elements a start tag can close implicitly, each with
// the elements that hide it (besides the scope boundaries of catScopeStop).
var closable = [...]struct {
	atom  atom.Atom
	stops []atom.Atom
}{
	{atom.P, []atom.Atom{atom.Button}},
	{atom.Li, []atom.Atom{atom.Ul, atom.Ol, atom.Menu}},
	{atom.Dt, []atom.Atom{atom.Dl}},
	{atom.Dd, []atom.Atom{atom.Dl}},
	{atom.Tr, []atom.Atom{atom.Table, atom.Tbody, atom.Thead, atom.Tfoot}},
	{atom.Td, []atom.Atom{atom.Tr, atom.Table}},
	{atom.Th, []atom.Atom{atom.Tr, atom.Table}},
	{atom.Tbody, []atom.Atom{atom.Table}},
	{atom.Thead, []atom.Atom{atom.Table}},
	{atom.Tfoot, []atom.Atom{atom.Table}},
	{atom.A, nil},
	{atom.Head, nil},
}

// closableIndex returns the index of a in closable, or -1.
func closableIndex(a atom.Atom) int {
	for k := range closable {
		if closable[k].atom == a {
			return k
		}
	}
	return -1
}

// push opens an element, working out what it inherits.
func (b *builder) push(e open) {
	parent := b.top()
	idx := int32(len(b.stack))
	if !nearSpecial(e.atom) && e.cat&catScopeStop == 0 && !e.foreign {
		e.near = parent.near
	} else {
		b.near(&e, parent, idx)
	}
	e.owner = parent.owner
	if !isInline(e.atom, e.cat) && !e.noText {
		e.owner = e.n
	}
	b.stack = append(b.stack, e)
	b.count(e, 1)
}

// nearSpecial reports whether a is one of the elements of closable or
// of their stops: any other element inherits near from its parent.
func nearSpecial(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Button, atom.Li, atom.Ul, atom.Ol, atom.Menu, atom.Dt, atom.Dd, atom.Dl, atom.Tr,
		atom.Td, atom.Th, atom.Table, atom.Tbody, atom.Thead, atom.Tfoot, atom.A, atom.Head:
		return true
	}
	return false
}

// near works out e.near from its parent's.
func (b *builder) near(e *open, parent *open, idx int32) {
	for k := range closable {
		c := &closable[k]
		switch {
		case e.atom == c.atom:
			e.near[k] = idx
		case e.cat&catScopeStop != 0 || e.foreign:
			e.near[k] = -1
		default:
			e.near[k] = parent.near[k]
			for _, s := range c.stops {
				if e.atom == s {
					e.near[k] = -1
				}
			}
		}
	}
}

// count keeps the number of open elements of each name, so a stray end
// tag is recognised without searching the stack.
func (b *builder) count(e open, delta int32) {
	if e.atom != 0 {
		*b.openAtoms.count(e.atom) += delta
	} else {
		b.openNames[e.n.Data] += delta
	}
}

type builder struct {
	d         *Document
	z         *html.Tokenizer
	stack     []open
	openAtoms atomCounts
	openNames map[string]int32
	off       int  // offset of the current token
	deep      bool // the input went deeper than maxDepth
	text      textBuilder
	slab      []html.Attribute // room for the attributes of the next tags
	rawNext   bool             // the next token is read as raw text
	// openComment is the offset of a comment that runs to the end of the
	// input without being closed, or -1.
	openComment int
	// The page has "\r", and has NUL: the bytes the tokenizer changes in
	// text and values besides character references. Most pages have
	// neither, and then no token is searched for them.
	hasCR, hasNUL bool

	viaTokenizer bool // read names and attributes with TagName and TagAttr (tests)
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

// slot returns the slot of a (not 0), adding a to the table.
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

// count returns the count of a (not 0).
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
	d.info[id] = nodeInfo{start: 0, end: int32(len(d.Src))}
	rootOpen := open{n: root, id: id, owner: root}
	for k := range rootOpen.near {
		rootOpen.near[k] = -1
	}
	b.stack = append(b.stack, rootOpen)
	b.openNames = make(map[string]int32)
	b.text.init(d)

	b.z = html.NewTokenizer(bytes.NewReader(d.Src))
	for {
		tt := b.z.Next()
		end := b.off + len(b.z.Raw())
		// raw aliases the tokenizer's buffer, which Text and TagAttr
		// decode in place; the same bytes of the source stay intact.
		raw := d.Src[b.off:end]
		rawText := b.rawNext // this token is the content of a raw text element
		b.rawNext = false
		switch tt {
		case html.ErrorToken:
			if err := b.z.Err(); err != io.EOF {
				return err
			}
			b.finishEOF()
			return nil
		case html.TextToken:
			b.textToken(raw, end, rawText)
		case html.StartTagToken, html.SelfClosingTagToken:
			b.startTag(tt == html.SelfClosingTagToken, raw, end)
		case html.EndTagToken:
			b.endTag(raw, end)
		case html.CommentToken:
			if end == len(d.Src) && !commentClosed(raw) {
				b.openComment = b.off
			}
			if bytes.HasPrefix(raw, []byte("<!--")) {
				text := string(b.z.Text())
				d.Comments = append(d.Comments, Comment{Text: text, Span: Span{b.off, end}})
				d.marked = d.marked || strings.Contains(text, string(ignoreMarker))
			}
		}
		b.off = end
	}
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
	switch t := b.top(); {
	case b.off < len(d.Src):
		d.Warnings = append(d.Warnings, Warning{b.off, "the file ends inside an unfinished tag, which is ignored"})
	case b.openComment >= 0:
		tail, end = b.openComment, len(d.Src)
		d.Warnings = append(d.Warnings, Warning{tail, "this comment is never closed: the rest of the file is inside it"})
	case len(b.stack) > 1 && !t.foreign && rawTextTag(t.atom):
		start := int(d.info[t.id].start)
		b.pop(len(d.Src), len(d.Src))
		tail, end = start, len(d.Src)
		d.Warnings = append(d.Warnings, Warning{start, fmt.Sprintf("<%s> is never closed: the rest of the file is its content", t.n.Data)})
	}
	for len(b.stack) > 1 {
		b.pop(tail, end)
	}
	b.text.flush()
	d.info[0].end = int32(len(d.Src))
	d.info[0].closeStart = int32(tail)
}

func (b *builder) top() *open { return &b.stack[len(b.stack)-1] }

// appendChild adds n as the last child of the current element.
func (b *builder) appendChild(n *html.Node) {
	p := b.top().n
	n.Parent = p
	if p.LastChild == nil {
		p.FirstChild = n
	} else {
		n.PrevSibling = p.LastChild
		p.LastChild.NextSibling = n
	}
	p.LastChild = n
}

// substr returns the source bytes [i, j) as a string without copying.
func (b *builder) substr(i, j int) string { return b.d.src[i:j] }

func (b *builder) textToken(raw []byte, end int, rawText bool) {
	t := b.top()
	if t.atom == atom.Head && !isSpace(raw) {
		// Text cannot go in <head>: the head ends here, as in a browser.
		b.closeTo(len(b.stack)-1, b.off)
		t = b.top()
	}
	n, id := b.d.newNode()
	n.Type = html.TextNode
	if (rawText && !b.viaTokenizer || bytes.IndexByte(raw, '&') < 0) && !b.crOrNUL(raw) {
		n.Data = b.substr(b.off, end)
	} else {
		n.Data = string(b.z.Text())
	}
	b.d.info[id] = nodeInfo{start: int32(b.off), end: int32(end), tagEnd: int32(b.off), closeStart: int32(end)}
	b.appendChild(n)
	if !t.noText {
		b.text.add(raw, b.off)
	}
}

// headContent are the elements that may stay in <head>.
func headContent(a atom.Atom) bool {
	switch a {
	case atom.Meta, atom.Link, atom.Title, atom.Style, atom.Script, atom.Base, atom.Noscript, atom.Template:
		return true
	}
	return false
}

func (b *builder) startTag(selfClosing bool, raw []byte, end int) {
	nameRaw := tagName(raw[1:])
	name := lowerName(nameRaw)
	if b.viaTokenizer {
		name, _ = b.z.TagName()
		nameRaw = nil
	}
	a := atom.Lookup(name)
	cat := b.openAtoms.category(a)
	if t := b.top(); t.foreign && rawTextTag(a) {
		b.z.NextIsNotRawText()
	} else if rawTextTag(a) && a != atom.Textarea && a != atom.Title {
		// The tokenizer reads the element's content as raw text: no
		// character references are decoded in it.
		b.rawNext = true
	}
	if b.top().atom == atom.Head && !headContent(a) {
		b.closeTo(len(b.stack)-1, b.off)
	}
	if !b.top().foreign {
		b.implicitClose(a, cat)
	}
	if len(b.stack) > maxDepth {
		// Like Chromium's parser, keep elements beyond the maximum depth
		// as siblings, so no walk up the tree is longer than maxDepth.
		if !b.deep {
			b.deep = true
			b.d.Warnings = append(b.d.Warnings, Warning{b.off, fmt.Sprintf("markup nested more than %d elements deep; deeper elements are kept as siblings, as browsers do", maxDepth)})
		}
		b.closeTo(len(b.stack)-1, b.off)
	}

	n, id := b.d.newNode()
	n.Type = html.ElementNode
	n.DataAtom = a
	switch {
	case a != 0:
		n.Data = a.String()
	case len(name) == len(nameRaw) && string(name) == string(nameRaw):
		n.Data = b.substr(b.off+1, b.off+1+len(nameRaw))
	default:
		n.Data = string(name)
	}
	b.attributes(n, id, raw)
	in := &b.d.info[id]
	in.start, in.tagEnd = int32(b.off), int32(end)
	b.appendChild(n)
	b.inspect(n, a, Span{b.off, end})

	parent := b.top()
	hidden := parent.hidden || hides(n)
	if hidden {
		b.d.hide(id)
	}
	foreign := parent.foreign || cat&catForeign != 0
	if foreign {
		n.Namespace = foreignNamespace(parent, a)
	}
	if cat&catVoid != 0 || selfClosing && foreign {
		in.closeStart, in.end = int32(end), int32(end)
		if a == atom.Br || a == atom.Wbr {
			b.text.space(b.off, end)
		} else if !isInline(a, cat) {
			b.text.flush()
		}
		return
	}
	noText := parent.noText || cat&catNoText != 0 || hidden
	if !isInline(a, cat) {
		b.text.flush()
	}
	b.push(open{n: n, id: id, atom: a, cat: cat, noText: noText, hidden: hidden, foreign: foreign})
	b.text.owner = b.top().owner
}

// foreignNamespace returns svg or math for an element in foreign content.
func foreignNamespace(parent *open, a atom.Atom) string {
	switch {
	case a == atom.Svg:
		return "svg"
	case a == atom.Math:
		return "math"
	case parent.n.Namespace != "":
		return parent.n.Namespace
	}
	return "svg"
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
// source. The attributes come from a scan of the raw tag (scanAttrs)
// that follows the tokenizer's own rules, so the two agree attribute for
// attribute; keys and values are substrings of the source wherever the
// tokenizer would return them unchanged, so reading them copies nothing.
// A tag with a character reference in a value is read through the
// tokenizer, which decodes attribute values its own way.
func (b *builder) attributes(n *html.Node, id int32, raw []byte) {
	d := b.d
	first := len(d.attrs)
	spans := scanAttrs(raw, b.off, d.attrs)
	d.attrs = spans
	in := &d.info[id]
	in.attr0, in.attr = int32(first), int32(len(spans)-first)
	if len(spans) == first {
		return
	}
	for _, sp := range spans[first:] {
		if b.viaTokenizer || bytes.IndexByte(d.Src[sp.Value.Start:sp.Value.End], '&') >= 0 {
			b.tokenizerAttributes(n, id, first)
			return
		}
	}
	n.Attr = b.attrSlab(len(spans) - first)
	for i, sp := range spans[first:] {
		at := &n.Attr[i]
		if key := d.Src[sp.Key.Start:sp.Key.End]; needsLower(key) {
			at.Key = string(lowerName(key))
		} else {
			at.Key = b.substr(sp.Key.Start, sp.Key.End)
		}
		d.marked = d.marked || len(at.Key) == len(ignoreAttr) && at.Key == ignoreAttr
		val := d.Src[sp.Value.Start:sp.Value.End]
		if b.crOrNUL(val) {
			at.Val = string(bytes.ReplaceAll(normalizeNewlines(val), []byte{0}, []byte("\ufffd")))
		} else {
			at.Val = b.substr(sp.Value.Start, sp.Value.End)
		}
	}
}

// attrSlab returns room for k attributes, carved from a shared slab so a
// page's attributes take few allocations.
func (b *builder) attrSlab(k int) []html.Attribute {
	if len(b.slab)+k > cap(b.slab) {
		b.slab = make([]html.Attribute, 0, max(k, 256))
	}
	i := len(b.slab)
	b.slab = b.slab[:i+k]
	return b.slab[i : i+k : i+k]
}

// tokenizerAttributes fills n.Attr from the tokenizer, which decodes
// character references in values as attributes need. Should the
// tokenizer see other attributes than scanAttrs did, the attributes are
// kept but not their positions, which might be wrong.
func (b *builder) tokenizerAttributes(n *html.Node, id int32, first int) {
	d := b.d
	spans := d.attrs
	for {
		key, val, more := b.z.TagAttr()
		if key == nil {
			break
		}
		i := len(n.Attr)
		at := html.Attribute{}
		if a := atom.Lookup(key); a != 0 {
			at.Key = a.String()
		} else {
			at.Key = string(key)
		}
		var span AttrSpan
		if first+i < len(spans) {
			span = spans[first+i]
		}
		if v := span.Value; v.Len() == len(val) && v.End <= len(d.Src) && bytes.Equal(d.Src[v.Start:v.End], val) {
			at.Val = b.substr(v.Start, v.End)
		} else {
			at.Val = string(val)
		}
		n.Attr = append(n.Attr, at)
		d.marked = d.marked || at.Key == ignoreAttr
		if !more {
			break
		}
	}
	if len(spans)-first != len(n.Attr) {
		d.Warnings = append(d.Warnings, Warning{b.off, "could not locate the attributes of this tag"})
		spans = spans[:first]
		for range n.Attr {
			spans = append(spans, AttrSpan{Key: Span{b.off, b.off}, Value: Span{b.off, b.off}})
		}
	}
	d.attrs = spans
	in := &d.info[id]
	in.attr0, in.attr = int32(first), int32(len(n.Attr))
}

// tagName returns the name of a tag from its raw bytes after "<" or
// "</", ending where the tokenizer ends it.
func tagName(raw []byte) []byte {
	for i, c := range raw {
		switch c {
		case ' ', '\n', '\r', '\t', '\f', '/', '>':
			if i > 0 {
				return raw[:i]
			}
		}
	}
	return raw
}

// crOrNUL reports whether s, part of the page, holds "\r" or NUL.
func (b *builder) crOrNUL(s []byte) bool {
	return b.hasCR && bytes.IndexByte(s, '\r') >= 0 || b.hasNUL && bytes.IndexByte(s, 0) >= 0
}

// needsLower reports whether lowerName changes name.
func needsLower(name []byte) bool {
	for _, c := range name {
		if c == 0 || 'A' <= c && c <= 'Z' {
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

// normalizeNewlines returns s with "\r\n" and lone "\r" turned into "\n",
// in a copy.
func normalizeNewlines(s []byte) []byte {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\r' {
			c = '\n'
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
		}
		out = append(out, c)
	}
	return out
}

// scanAttrs appends the spans of the attributes of the start tag raw
// (at offset off) to dst, skipping attributes whose key repeats an earlier
// one, as the tokenizer does.
func scanAttrs(raw []byte, off int, dst []AttrSpan) []AttrSpan {
	first := len(dst)
	var keys attrKeys
	n := len(raw)
	i := 1 // after '<'
	// Tag name.
	for i < n && !tagSpace(raw[i]) && raw[i] != '/' && raw[i] != '>' {
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
			c := raw[i]
			if tagSpace(c) || c == '/' || c == '>' || c == '=' {
				break
			}
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
					for i < n && !tagSpace(raw[i]) && raw[i] != '>' {
						i++
					}
					ve = i
				}
			}
		}
		if ke > ks && !keys.seen(raw[ks:ke], raw, dst[first:], off) {
			dst = append(dst, AttrSpan{Key: Span{off + ks, off + ke}, Value: Span{off + vs, off + ve}})
		}
		for i < n && tagSpace(raw[i]) {
			i++
		}
	}
	return dst
}

// tagSpace reports whether c is white space inside a tag, for the
// tokenizer.
func tagSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f'
}

// attrKeys tells whether a tag's attribute key repeats an earlier one,
// ignoring ASCII case as the tokenizer does. It compares with the keys
// found so far, and past a few keys looks them up in a set, so a tag with
// thousands of attributes costs no more than thousands of tags.
type attrKeys struct {
	set map[string]bool
}

// seen reports whether key repeats the key of one of spans (the spans of
// the tag so far, whose keys are in raw at offset off), and records it.
func (a *attrKeys) seen(key, raw []byte, spans []AttrSpan, off int) bool {
	const few = 8
	if a.set == nil && len(spans) < few {
		for _, s := range spans {
			if asciiEqualFold(raw[s.Key.Start-off:s.Key.End-off], key) {
				return true
			}
		}
		return false
	}
	if a.set == nil {
		a.set = make(map[string]bool, 2*few)
		for _, s := range spans {
			a.set[asciiLower(raw[s.Key.Start-off:s.Key.End-off])] = true
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

// implicitClose closes the elements a start tag of a ends, the way the
// HTML parsing algorithm does for the common cases: paragraphs, list
// items, definition terms, table parts, headings, options and links.
func (b *builder) implicitClose(a atom.Atom, cat uint16) {
	switch {
	case a == atom.Li:
		b.closeOpen(atom.Li)
	case a == atom.Dt || a == atom.Dd:
		b.closeOpen(atom.Dt)
		b.closeOpen(atom.Dd)
	case a == atom.Tr:
		b.closeOpen(atom.Tr)
	case a == atom.Td || a == atom.Th:
		b.closeOpen(atom.Td)
		b.closeOpen(atom.Th)
	case cat&catTableSect != 0:
		b.closeOpen(atom.Tbody)
		b.closeOpen(atom.Thead)
		b.closeOpen(atom.Tfoot)
	case a == atom.Option:
		if b.top().atom == atom.Option {
			b.closeTo(len(b.stack)-1, b.off)
		}
	case a == atom.Optgroup:
		if b.top().atom == atom.Option {
			b.closeTo(len(b.stack)-1, b.off)
		}
		if b.top().atom == atom.Optgroup {
			b.closeTo(len(b.stack)-1, b.off)
		}
	case a == atom.A:
		b.closeOpen(atom.A)
	case a == atom.Body:
		b.closeOpen(atom.Head)
	}
	if cat&catClosesP != 0 {
		b.closeOpen(atom.P)
	}
	if cat&catHeading != 0 && b.top().cat&catHeading != 0 {
		b.closeTo(len(b.stack)-1, b.off)
	}
}

// closeOpen closes the innermost open element a unless an element that
// hides it (see closable) or a scope boundary (table cell, template, …)
// comes first.
func (b *builder) closeOpen(a atom.Atom) {
	k := closableIndex(a)
	if i := b.top().near[k]; i > 0 {
		b.closeTo(int(i), b.off)
	}
}

// closeTo pops the stack down to (and including) index i; the popped
// elements end at off.
func (b *builder) closeTo(i, off int) {
	for j := len(b.stack) - 1; j >= i && j > 0; j-- {
		b.pop(off, off)
	}
}

// pop closes the top element: its end tag starts at closeStart and the
// element ends at end.
func (b *builder) pop(closeStart, end int) {
	t := b.stack[len(b.stack)-1]
	in := &b.d.info[t.id]
	in.closeStart, in.end = int32(closeStart), int32(end)
	b.stack = b.stack[:len(b.stack)-1]
	b.count(t, -1)
	if !isInline(t.atom, t.cat) {
		b.text.flush()
	}
	b.text.owner = b.top().owner
}

func (b *builder) endTag(raw []byte, end int) {
	name := lowerName(tagName(raw[2:]))
	if b.viaTokenizer {
		name, _ = b.z.TagName()
	}
	a := atom.Lookup(name)
	if a != 0 && *b.openAtoms.count(a) == 0 || a == 0 && b.openNames[string(name)] == 0 {
		return // a stray end tag: ignored, as browsers do
	}
	for i := len(b.stack) - 1; i > 0; i-- {
		e := &b.stack[i]
		if e.atom == a && (a != 0 || e.n.Data == string(name)) {
			// Elements left open inside are closed where this end tag starts.
			for len(b.stack)-1 > i {
				b.pop(b.off, b.off)
			}
			b.pop(b.off, end)
			return
		}
		if e.cat&catScopeStop != 0 && !e.foreign {
			break
		}
	}
	// A stray end tag: ignored, as browsers do.
}

// isSpace reports whether s holds only HTML white space.
func isSpace(s []byte) bool {
	for _, c := range s {
		switch c {
		case ' ', '\n', '\r', '\t', '\f':
		default:
			return false
		}
	}
	return true
}
