// Package benchdata builds the inputs of copydesk's benchmarks from real
// pages: the Go benchmarks in checker/ and the whole-process benchmark
// (scripts/bench.sh, through cmd parsebaseline) use the same ones.
package benchdata

import (
	"bytes"
	"unicode/utf8"
)

// Article returns one article page of at least size bytes (when pages
// have any body at all): the bodies of the pages that are valid UTF-8,
// one after another and over again, inside the <article> of a page of
// its own. It stands for the largest page a newsroom could hand the
// checker: a long live blog or an archive dump.
func Article(pages [][]byte, size int) []byte {
	var bodies [][]byte
	for _, p := range pages {
		if b := body(p); len(b) > 0 && utf8.Valid(b) {
			bodies = append(bodies, b)
		}
	}
	head := []byte("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>One very long article</title></head>\n<body><article>\n")
	tail := []byte("\n</article></body></html>\n")
	out := make([]byte, 0, size+len(head)+len(tail)+1<<20)
	out = append(out, head...)
	for len(bodies) > 0 && len(out) < size {
		for _, b := range bodies {
			out = append(out, b...)
			out = append(out, '\n')
			if len(out) >= size {
				break
			}
		}
	}
	return append(out, tail...)
}

// body returns what lies between a page's <body> start tag and its last
// </body>, or nil.
func body(page []byte) []byte {
	lower := make([]byte, len(page)) // ASCII letters lowered; same offsets
	for i, c := range page {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		lower[i] = c
	}
	i := bytes.Index(lower, []byte("<body"))
	if i < 0 {
		return nil
	}
	gt := bytes.IndexByte(lower[i:], '>')
	j := bytes.LastIndex(lower, []byte("</body"))
	if gt < 0 || j < i+gt+1 {
		return nil
	}
	return page[i+gt+1 : j]
}
