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

// idNear is d.id(n) for a node that is likely in the chunk of node near
// (its parent, children and siblings mostly are): that chunk is tried
// before the binary search over all of them, which for the 8 million
// links of a 100 MB article's nodes took 0.3 s.
func (d *Document) idNear(n *html.Node, near int32) int32 {
	const size = unsafe.Sizeof(html.Node{})
	p := uintptrOf(n)
	if k := int(near) / chunkSize; k < len(d.chunks) {
		if c := d.chunks[k]; p >= c.base && p < c.base+chunkSize*size {
			return c.first + int32((p-c.base)/size)
		}
	}
	return d.id(n)
}

// renumber lays the nodes out again in tree order, in place, dropping
// those no longer in the tree (they go last and are cut off).
func (d *Document) renumber() {
	d.indexChunks()
	n := int(d.nodes)
	// newOf maps an old id to the new one: the nodes in the tree in tree
	// order, then the others. (It is all renumber allocates: a list of
	// the tree order and a done mark for each node took 8 MB more on a
	// 100 MB article, as garbage at its largest moment.)
	newOf := make([]int32, n)
	for i := range newOf {
		newOf[i] = -1
	}
	kept, last := int32(0), int32(0)
	for x := d.Root; x != nil; x = nextInTree(x, d.Root) {
		last = d.idNear(x, last)
		newOf[last] = kept
		kept++
	}
	k := kept
	for old := range newOf {
		if newOf[old] < 0 {
			newOf[old], k = k, k+1
		}
	}
	// First the pointers, while an address still means an old id.
	ptr := func(p *html.Node, near int32) *html.Node {
		if p == nil {
			return nil
		}
		return d.node(newOf[d.idNear(p, near)])
	}
	for id := range int32(n) {
		x := d.node(id)
		x.Parent, x.FirstChild, x.LastChild = ptr(x.Parent, id), ptr(x.FirstChild, id), ptr(x.LastChild, id)
		x.PrevSibling, x.NextSibling = ptr(x.PrevSibling, id), ptr(x.NextSibling, id)
	}
	for i := range d.Blocks {
		d.Blocks[i].Node = ptr(d.Blocks[i].Node, 0)
		if id := d.id(d.Blocks[i].Node); id < 0 || id >= kept {
			d.Blocks[i].Node = d.Root
		}
	}
	if d.hidden != nil {
		old := d.hidden
		d.hidden = nil
		for id, k := range newOf {
			if i := id / 64; k < kept && i < len(old) && old[i]&(1<<(uint(id)%64)) != 0 {
				d.hide(k)
			}
		}
	}
	// Then the nodes and their infos, cycle by cycle of the permutation;
	// an old id whose node is in place is marked -1.
	for i := range int32(n) {
		if newOf[i] < 0 {
			continue
		}
		if newOf[i] == i {
			newOf[i] = -1
			continue
		}
		val, inf := *d.node(i), *d.info(i)
		for j := i; ; {
			t := newOf[j]
			newOf[j] = -1
			x := d.node(t)
			*x, val = val, *x
			*d.info(t), inf = inf, *d.info(t)
			j = t
			if j == i {
				break
			}
		}
	}
	for id := kept; id < int32(n); id++ {
		*d.node(id) = html.Node{}
	}
	d.nodes = kept
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
		return int32(int(d.nodes))
	}
	for n := d.node(id); n != nil && n != d.Root; n = n.Parent {
		if n.NextSibling != nil {
			if k := d.id(n.NextSibling); k >= 0 {
				return k
			}
		}
	}
	return int32(int(d.nodes))
}
