package checker

import (
	"unsafe"

	"golang.org/x/net/html"
)

// Node ids number the nodes in tree order (preorder), which Query and the
// selector matches rely on: the nodes inside an element are those after
// it up to the next node outside it (see subtreeEnd). The builder numbers
// nodes as it makes them, which is tree order as long as every node is
// appended to an open element. Foster parenting and the adoption agency
// algorithm put nodes before others or move them; a document where that
// happened is renumbered once built.

// unwrapImplied takes the implied html, head, body and tbody elements out
// of the tree, their children in their place (see tree.go).
func (b *builder) unwrapImplied() {
	d := b.d
	for _, id := range b.implied {
		n := d.node(id)
		p := n.Parent
		if p == nil {
			continue
		}
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			n.RemoveChild(c)
			p.InsertBefore(c, n)
			c = next
		}
		p.RemoveChild(n)
		n.Type = html.ErrorNode // no longer a node of the document
	}
}

// idSlow returns the id of node n while the document is being built
// (before indexChunks), searching the chunks from the newest; -1 when n
// is not the document's.
func (d *Document) idSlow(n *html.Node) int32 {
	p := uintptrOf(n)
	const size = unsafe.Sizeof(html.Node{})
	for k := len(d.chunks) - 1; k >= 0; k-- {
		if c := d.chunks[k]; p >= c.base && p < c.base+chunkSize*size {
			return c.first + int32((p-c.base)/size)
		}
	}
	return -1
}

// renumber lays the nodes out again in tree order, dropping those no
// longer in the tree.
func (d *Document) renumber() {
	d.indexChunks()
	order := make([]int32, 0, len(d.info))
	for n := d.Root; n != nil; n = nextInTree(n, d.Root) {
		order = append(order, d.id(n))
	}
	newOf := make([]int32, len(d.info))
	for i := range newOf {
		newOf[i] = -1
	}
	for k, old := range order {
		newOf[old] = int32(k)
	}
	chunks := make([]nodeChunk, 0, len(order)/chunkSize+1)
	info := make([]nodeInfo, len(order))
	at := func(id int32) *html.Node { return &chunks[id/chunkSize].nodes[id%chunkSize] }
	for k := range order {
		if k%chunkSize == 0 {
			c := new([chunkSize]html.Node)
			chunks = append(chunks, nodeChunk{first: int32(k), nodes: c})
		}
	}
	ptr := func(n *html.Node) *html.Node {
		if n == nil {
			return nil
		}
		id := d.id(n)
		if id < 0 || newOf[id] < 0 {
			return nil
		}
		return at(newOf[id])
	}
	for k, old := range order {
		n := at(int32(k))
		*n = *d.node(old)
		n.Parent, n.FirstChild, n.LastChild = ptr(n.Parent), ptr(n.FirstChild), ptr(n.LastChild)
		n.PrevSibling, n.NextSibling = ptr(n.PrevSibling), ptr(n.NextSibling)
		info[k] = d.info[old]
	}
	for i := range d.Blocks {
		if p := ptr(d.Blocks[i].Node); p != nil {
			d.Blocks[i].Node = p
		} else {
			d.Blocks[i].Node = at(0)
		}
	}
	for i := range chunks {
		chunks[i].base = uintptrOf(&chunks[i].nodes[0])
	}
	if d.hidden != nil {
		old := d.hidden
		d.hidden = nil
		for k, id := range order {
			if i := int(id) / 64; i < len(old) && old[i]&(1<<(uint(id)%64)) != 0 {
				d.hide(int32(k))
			}
		}
	}
	d.chunks, d.info, d.Root = chunks, info, at(0)
	d.byAddr = nil
	d.reordered = true
}

// nextInTree returns the node after n in tree order, within root.
func nextInTree(n, root *html.Node) *html.Node {
	if n.FirstChild != nil {
		return n.FirstChild
	}
	for ; n != nil && n != root; n = n.Parent {
		if n.NextSibling != nil {
			return n.NextSibling
		}
	}
	return nil
}

// subtreeEnd returns the id after the last node inside node id: the id of
// the next node in tree order that is not inside it.
func (d *Document) subtreeEnd(id int32) int32 {
	if id == 0 {
		return int32(len(d.info))
	}
	for n := d.node(id); n != nil && n != d.Root; n = n.Parent {
		if n.NextSibling != nil {
			if k := d.id(n.NextSibling); k >= 0 {
				return k
			}
		}
	}
	return int32(len(d.info))
}
