package checker

import (
	"testing"

	"golang.org/x/net/html"
)

// BenchmarkNodeID measures the two ways to find the id of a node (the
// index of what the document knows of it, see Document.id): by its
// address among the document's chunks of nodes, with unsafe pointer
// arithmetic, as the checker does; and by a map from node to id, the
// alternative without unsafe, which each document would fill as it is
// built ("map" counts filling it; "map-lookup" only the lookups). Each
// iteration looks up every node of the benchmark pages once.
func BenchmarkNodeID(b *testing.B) {
	files, srcs, total := benchCorpus(b)
	docs := make([]*Document, len(srcs))
	for i, src := range srcs {
		d, err := Parse(files[i], src)
		if err != nil {
			b.Fatal(err)
		}
		docs[i] = d
	}
	lookups := func(b *testing.B, id func(d *Document, n *html.Node) int32) {
		for _, d := range docs {
			for k := range d.nodes {
				if id(d, d.node(k)) != k {
					b.Fatalf("%s: node %d has another id", d.Path, k)
				}
			}
		}
	}
	fill := func() []map[*html.Node]int32 {
		ids := make([]map[*html.Node]int32, len(docs))
		for i, d := range docs {
			m := make(map[*html.Node]int32)
			for k := range d.nodes {
				m[d.node(k)] = k
			}
			ids[i] = m
		}
		return ids
	}
	b.Run("address", func(b *testing.B) {
		b.SetBytes(total)
		b.ReportAllocs()
		for b.Loop() {
			lookups(b, (*Document).id)
		}
	})
	b.Run("map", func(b *testing.B) {
		b.SetBytes(total)
		b.ReportAllocs()
		for b.Loop() {
			ids, i := fill(), 0
			lookups(b, func(d *Document, n *html.Node) int32 {
				if d != docs[i] {
					i++
				}
				return ids[i][n]
			})
		}
	})
	b.Run("map-lookup", func(b *testing.B) {
		ids := fill()
		b.SetBytes(total)
		b.ReportAllocs()
		for b.Loop() {
			i := 0
			lookups(b, func(d *Document, n *html.Node) int32 {
				if d != docs[i] {
					i++
				}
				return ids[i][n]
			})
		}
	})
}
