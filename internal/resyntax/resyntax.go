// Package resyntax parses a regexp source with regexp/syntax's Perl
// flags (those of regexp.Compile) once per process: the rules package
// parses a pattern to count its instructions and the checker parses it
// again for its required literals, and the same pattern or alternative
// recurs across rules. A parsed regexp is shared, so callers must not
// change it (Simplify and syntax.Compile do not).
package resyntax

import (
	"regexp/syntax"
	"sync"
)

// maxEntries bounds the cache (a language server reloads edited packs):
// when it is full, it starts again empty.
const maxEntries = 4096

type entry struct {
	re  *syntax.Regexp
	err error
}

var (
	mu    sync.Mutex
	cache = map[string]entry{}
)

// Parse is syntax.Parse(src, syntax.Perl), remembered. The result must
// not be modified.
func Parse(src string) (*syntax.Regexp, error) {
	mu.Lock()
	e, ok := cache[src]
	mu.Unlock()
	if ok {
		return e.re, e.err
	}
	re, err := syntax.Parse(src, syntax.Perl)
	mu.Lock()
	if len(cache) >= maxEntries {
		clear(cache)
	}
	cache[src] = entry{re, err}
	mu.Unlock()
	return re, err
}
