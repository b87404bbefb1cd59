package checker

import (
	"sort"
	"strings"
	"unsafe"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Span is a half-open byte range [Start, End) of the source file.
type Span struct {
	Start, End int
}

// Len returns the number of bytes in the span.
func (s Span) Len() int { return s.End - s.Start }

// Contains reports whether t lies within s.
func (s Span) Contains(t Span) bool { return s.Start <= t.Start && t.End <= s.End }

// Document is a parsed article: the source bytes, a tree of html.Node
// values (so CSS selectors work on it) whose every node has byte spans in
// the source, the blocks of visible text, and what the page says about
// itself (language, meta tags, comments).
type Document struct {
	Path string // slash path used in reports and path conditions
	// Src is the UTF-8 text the tree is built from, and every Span of the
	// document is an offset into it: the file as read, or, for a file in
	// another encoding, the file decoded (see File and FileOffset).
	Src []byte
	src string // Src as a string; node data are substrings of it
	// File is the file as read; the same slice as Src for UTF-8 files.
	// Findings and fixes returned by Engine.Check are offsets into File.
	File []byte
	// Encoding is the WHATWG name of the file's encoding ("utf-8",
	// "utf-16le", "windows-1251", …), in which fixes are written.
	Encoding string
	fenc     fileEncoding
	fmap     *offsetMap // nil when Src is File

	Root *html.Node // a DocumentNode holding the top-level nodes

	chunks []nodeChunk // in id order
	byAddr []nodeChunk // the same chunks ordered by address, for id
	nodes  int32       // the number of nodes: ids are 0 to nodes-1
	// attrChunks hold the attributes of elements and their spans, in
	// the order made; attrByAddr has them ordered by address.
	attrChunks, attrByAddr []attrChunk

	Blocks []Block
	segs   segList
	hidden []uint64    // bit set by node id: the node is hidden (visible.go)
	elems  []int32     // the elements that are not hidden, listed on first use (visibleElements)
	tags   []atom.Atom // their tags

	Lang     string     // <html lang>
	Metas    []Meta     // <meta name|property content> in document order
	Comments []Comment  // comments in document order
	Warnings []Warning  // problems found while parsing that do not stop checking
	lines    *lineTable // built on first use
	lastPos  Position   // the last position Position returned
	marked   bool       // a comment or attribute has ignoreMarker (see suppress)
	// reordered: the tree construction put nodes before others or moved
	// them (foster parenting, misnested formatting elements), so spans
	// do not nest as the tree does everywhere.
	reordered bool
	norm      map[normKey]*normText
	// content is the article body the engine contentOf chose (see
	// Engine.Content): a check and the report of its text share it.
	contentOf *Engine
	content   ContentChoice
}

// Meta is one <meta> tag with a name, property or http-equiv and content.
type Meta struct {
	Key     string // lower-cased name, property or http-equiv
	Content string
	Span    Span
}

// Comment is one HTML comment.
type Comment struct {
	Text string // between <!-- and -->
	Span Span
}

// Warning is a parse problem that did not stop the check.
type Warning struct {
	Offset  int
	Message string
}

// AttrSpan locates one attribute of a start tag. Value is empty (Start
// == End at the end of the key) for an attribute without a value.
type AttrSpan struct {
	Key   Span
	Value Span
}

// attrSpan is an AttrSpan as the document keeps it: 32-bit offsets, as
// files are smaller than 2 GiB (half the size; a 100 MB page has a
// million attributes).
type attrSpan struct {
	ks, ke, vs, ve int32
}

func (a attrSpan) span() AttrSpan {
	return AttrSpan{Key: Span{int(a.ks), int(a.ke)}, Value: Span{int(a.vs), int(a.ve)}}
}

// attrChunk holds the attributes of elements, which html.Node.Attr
// slices are carved from, and the span of each attribute at the same
// index: the spans of an element's attributes are found from the address
// of its Attr, so nodes need no field for them, and a clone of a
// formatting element, which shares the Attr of the element it copies,
// shares their spans too.
type attrChunk struct {
	base  uintptr // address of attrs[0]
	attrs []html.Attribute
	spans []attrSpan
}

// attrChunkSize is the number of attributes of a chunk (a tag with more
// has a chunk of its own): 255 of 48 bytes and the allocator's 8-byte
// header of an object with pointers fill a block of 12,288 bytes (256
// took one of 13,568: 5 MB of a 100 MB article's million attributes).
const attrChunkSize = 255

func (d *Document) lastAttrChunk() *attrChunk {
	if len(d.attrChunks) == 0 {
		return nil
	}
	return &d.attrChunks[len(d.attrChunks)-1]
}

// indexAttrChunks orders a copy of the attribute chunks by address.
func (d *Document) indexAttrChunks() {
	d.attrByAddr = append(d.attrByAddr[:0], d.attrChunks...)
	sort.Slice(d.attrByAddr, func(i, j int) bool { return d.attrByAddr[i].base < d.attrByAddr[j].base })
}

// nodeInfo is what the document knows of a node beyond html.Node.
type nodeInfo struct {
	start, end int32 // the whole node, start tag to end tag
	tagEnd     int32 // end of the start tag (start for text nodes)
	closeStart int32 // start of the end tag, or end when closed implicitly
}

// chunkSize is the number of nodes of a chunk: with their infos, 120
// bytes a node, a chunk is 15 pages of 8 KiB, which the allocator gives
// without rounding up.
const chunkSize = 1024

// chunkData holds chunkSize nodes and their infos: one allocation for
// both, and none that grows, so a page's nodes cost no more than their
// size.
type chunkData struct {
	nodes [chunkSize]html.Node
	info  [chunkSize]nodeInfo
}

type nodeChunk struct {
	base  uintptr // address of nodes[0]
	first int32   // id of nodes[0]
	data  *chunkData
}

// newNode allocates a node with the next id.
func (d *Document) newNode() (*html.Node, int32) {
	id := d.nodes
	k := int(id) % chunkSize
	if k == 0 {
		c := new(chunkData)
		d.chunks = append(d.chunks, nodeChunk{base: uintptrOf(&c.nodes[0]), first: id, data: c})
	}
	d.nodes++
	return &d.chunks[len(d.chunks)-1].data.nodes[k], id
}

// info returns what the document knows of node id beyond html.Node.
func (d *Document) info(id int32) *nodeInfo {
	return &d.chunks[id/chunkSize].data.info[id%chunkSize]
}

// uintptrOf returns the address of n.
func uintptrOf(n *html.Node) uintptr { return uintptr(unsafe.Pointer(n)) }

// indexChunks orders a copy of the chunks by address so id can
// binary-search them.
func (d *Document) indexChunks() {
	d.byAddr = append(d.byAddr[:0], d.chunks...)
	sort.Slice(d.byAddr, func(i, j int) bool { return d.byAddr[i].base < d.byAddr[j].base })
}

// id returns the id of a node of this document, or -1.
//
// It finds the node by its address among the document's chunks of nodes
// (unsafe pointer arithmetic) because that pays: BenchmarkNodeID looks up
// every node of the 300 corpus pages in 3–8 ms this way, against 35–50 ms
// through a map from node to id, which moreover each document would have
// to fill as it is built (another 100–140 ms and 29 MB per pass over the
// corpus, where BenchmarkCheck takes about 500 ms; a map in Document made
// BenchmarkParse allocate 14% more bytes).
func (d *Document) id(n *html.Node) int32 {
	p := uintptr(unsafe.Pointer(n))
	const size = unsafe.Sizeof(html.Node{})
	c := d.byAddr
	i := sort.Search(len(c), func(i int) bool { return c[i].base+chunkSize*size > p })
	if i == len(c) || p < c[i].base {
		return -1
	}
	return c[i].first + int32((p-c[i].base)/size)
}

// Span returns the source span of a node: for an element, from its start
// tag to the end of its end tag (or to where it was closed implicitly).
func (d *Document) Span(n *html.Node) Span {
	id := d.id(n)
	if id < 0 {
		return Span{}
	}
	in := d.info(id)
	return Span{int(in.start), int(in.end)}
}

// StartTag returns the span of an element's start tag.
func (d *Document) StartTag(n *html.Node) Span {
	id := d.id(n)
	if id < 0 {
		return Span{}
	}
	in := d.info(id)
	return Span{int(in.start), int(in.tagEnd)}
}

// Inner returns the span of an element's content, between its tags.
func (d *Document) Inner(n *html.Node) Span {
	id := d.id(n)
	if id < 0 {
		return Span{}
	}
	in := d.info(id)
	return Span{int(in.tagEnd), int(in.closeStart)}
}

// attrSpans returns the attribute spans of an element, in the order of
// n.Attr.
func (d *Document) attrSpans(n *html.Node) []attrSpan {
	if len(n.Attr) == 0 {
		return nil
	}
	p := uintptr(unsafe.Pointer(&n.Attr[0]))
	const size = unsafe.Sizeof(html.Attribute{})
	c := d.attrByAddr
	i := sort.Search(len(c), func(i int) bool { return c[i].base+uintptr(cap(c[i].attrs))*size > p })
	if i == len(c) || p < c[i].base {
		return nil
	}
	k := int((p - c[i].base) / size)
	if k+len(n.Attr) > len(c[i].spans) {
		return nil
	}
	return c[i].spans[k : k+len(n.Attr)]
}

// Attrs returns the attribute spans of an element, in the order of n.Attr.
func (d *Document) Attrs(n *html.Node) []AttrSpan {
	spans := d.attrSpans(n)
	if spans == nil {
		return nil
	}
	out := make([]AttrSpan, len(spans))
	for i, a := range spans {
		out[i] = a.span()
	}
	return out
}

// Attr returns the value of an attribute and its span.
func (d *Document) Attr(n *html.Node, key string) (val string, span AttrSpan, ok bool) {
	for i, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			if spans := d.attrSpans(n); i < len(spans) {
				span = spans[i].span()
			}
			return a.Val, span, true
		}
	}
	return "", AttrSpan{}, false
}

// Meta returns the content of the first <meta> whose name or property is key.
func (d *Document) Meta(key string) (string, bool) {
	key = strings.ToLower(key)
	for _, m := range d.Metas {
		if m.Key == key {
			return m.Content, true
		}
	}
	return "", false
}

// Elements returns every element of the document in document order.
func (d *Document) Elements() []*html.Node {
	var out []*html.Node
	for _, c := range d.chunks {
		for i := range c.data.nodes {
			if c.first+int32(i) >= d.nodes {
				break
			}
			if n := &c.data.nodes[i]; n.Type == html.ElementNode {
				out = append(out, n)
			}
		}
	}
	return out
}

// room returns s with room for n more elements: past its capacity it
// doubles, so that a slice grown element by element to a size costs about
// that size again in copies. (append grows large slices by a quarter,
// which for the slices of a 10 MB page of hostile text allocated five
// times their final size, all of it garbage at once.)
func room[T any](s []T, n int) []T {
	if len(s)+n <= cap(s) {
		return s
	}
	out := make([]T, len(s), max(2*cap(s), len(s)+n, 16))
	copy(out, s)
	return out
}
