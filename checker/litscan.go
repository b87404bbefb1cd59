package checker

import (
	"bytes"
	"slices"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/copydesk/copydesk/rules"
)

// litScanner finds, in one pass over a document's text, which blocks
// contain a literal of each of an engine's literal sets (the required
// literals of its patterns, its words and texts): an Aho-Corasick
// automaton over folded bytes. The engine then runs a pattern only on
// the blocks where it can match.
//
// Text and literals are compared folded (foldRune): case, quotes and
// dashes are ignored, so a literal is found wherever a pattern, a
// case-insensitive word or a normalised text could match; the scan may
// flag a block the pattern then does not match, never the other way.
type litScanner struct {
	stride int        // words of a set mask
	nclass int        // byte classes
	class  [256]uint8 // byte → class; 0 is every byte no literal has
	ascii  [utf8.RuneSelf]uint8
	next   []int32  // next[state*nclass+class]: see the end of newLitScanner
	out    []uint64 // out[state*stride:]: the sets a literal ending here belongs to
	hasOut []bool
	low    []rune       // foldRune of the runes below len(low) (lowFolds)
	low8   []foldedUTF8 // the same, encoded (lowFoldsUTF8)
}

// lowFolds is foldRune of the runes below U+0800, computed once for
// every scanner.
var lowFolds = sync.OnceValue(func() []rune {
	low := make([]rune, 0x800)
	for r := range low {
		low[r] = foldRune(rune(r))
	}
	return low
})

// foldedUTF8 is the UTF-8 encoding of a folded rune, as feed reads it.
type foldedUTF8 struct {
	n uint8 // 0: more than three bytes
	b [3]byte
}

// lowFoldsUTF8 is the UTF-8 encoding of lowFolds, then of foldRune of
// the general punctuation (U+2000 to U+206F: quotes, dashes, spaces), so
// that the scan of a two-byte character (Cyrillic, Greek, accented
// Latin) or of a quote neither decodes nor encodes it.
var lowFoldsUTF8 = sync.OnceValue(func() []foldedUTF8 {
	low := lowFolds()
	enc := make([]foldedUTF8, len(low)+punctEnd-punctStart)
	for r := range enc {
		f := foldRune(punctStart + rune(r-len(low)))
		if r < len(low) {
			f = low[r]
		}
		var buf [utf8.UTFMax]byte
		b := utf8.AppendRune(buf[:0], f)
		if len(b) <= len(enc[r].b) {
			enc[r].n = uint8(len(b))
			copy(enc[r].b[:], b)
		}
	}
	return enc
})

// The general punctuation block, which lowFoldsUTF8 holds after the runes
// below U+0800.
const punctStart, punctEnd = 0x2000, 0x2070

// maxScanStates bounds the automaton (its table has a row of byte
// classes per state): rule sets with more literals than that go without.
const maxScanStates = 1 << 16

// maxScanLit is the length of literal the scanner looks for: any part
// of a required literal is required too, and a prefix is enough to
// tell blocks apart.
const maxScanLit = 16

// foldRune maps a character to the representative of what patterns,
// words and normalised texts consider equal to it: quotes and dashes
// are normalised, and of the characters equal under Unicode simple case
// folding (what RE2's (?i) uses) the ASCII one in lower case, or else
// the smallest, stands for all.
func foldRune(r rune) rune {
	r = normRune(r, rules.NormQuotes|rules.NormDashes)
	least := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		least = min(least, f)
	}
	if least < utf8.RuneSelf {
		return unicode.ToLower(least)
	}
	return least
}

// newLitScanner builds the automaton of the literal sets; set i is bit i
// of the masks blocks returns.
func newLitScanner(sets [][]string) *litScanner {
	s := &litScanner{stride: (len(sets) + 63) / 64, low: lowFolds(), low8: lowFoldsUTF8()}
	// Folded literals, and the byte classes they use.
	var lits [][]byte
	var owner []int
	s.nclass = 1
	for i, set := range sets {
		for _, lit := range set {
			var b []byte
			for _, r := range lit {
				b = utf8.AppendRune(b, s.fold(r))
			}
			if len(b) > maxScanLit {
				b = b[:maxScanLit]
			}
			for _, c := range b {
				if s.class[c] == 0 {
					s.class[c] = uint8(s.nclass)
					s.nclass++
				}
			}
			lits = append(lits, b)
			owner = append(owner, i)
		}
	}
	for c := range s.ascii {
		s.ascii[c] = s.class[byte(s.low[c])]
	}
	// The trie; -1 is no edge. Its states are the distinct prefixes of
	// the literals, counted first so the tables are allocated once.
	sorted := slices.Clone(lits)
	slices.SortFunc(sorted, bytes.Compare)
	states := 1
	for i, lit := range sorted {
		common := 0
		if i > 0 {
			prev := sorted[i-1]
			for common < len(prev) && common < len(lit) && prev[common] == lit[common] {
				common++
			}
		}
		states += len(lit) - common
	}
	if states > maxScanStates {
		return nil // too many literals to be worth it: every block is looked at
	}
	s.next = make([]int32, 0, states*s.nclass)
	s.out = make([]uint64, 0, states*s.stride)
	s.hasOut = make([]bool, 0, states)
	noEdges := make([]int32, s.nclass) // a row of -1, copied for each state
	for c := range noEdges {
		noEdges[c] = -1
	}
	// The children of each state, for the failure links: first[u] is
	// its last child made, sibling[n] the child made before n, edge[n]
	// the class of the edge to n.
	first := make([]int32, 0, states)
	sibling := make([]int32, 0, states)
	edge := make([]uint8, 0, states)
	newState := func(parent int32, c uint8) int32 {
		s.next = append(s.next, noEdges...)
		s.out = s.out[:len(s.out)+s.stride] // zero: never used before
		s.hasOut = append(s.hasOut, false)
		n := int32(len(s.hasOut) - 1)
		first = append(first, 0)
		sibling = append(sibling, 0)
		edge = append(edge, c)
		if n > 0 {
			sibling[n], first[parent] = first[parent], n
		}
		return n
	}
	newState(0, 0)
	for k, lit := range lits {
		st := int32(0)
		for _, c := range lit {
			i := int(st)*s.nclass + int(s.class[c])
			if s.next[i] < 0 {
				s.next[i] = newState(st, s.class[c])
			}
			st = s.next[i]
		}
		s.out[int(st)*s.stride+owner[k]/64] |= 1 << (owner[k] % 64)
		s.hasOut[st] = true
	}
	// Failure links, breadth first, turning the trie into a DFA. The
	// scan reads next[] as the offset of the next state's row, with the
	// bits flipped when a literal ends there, saving a multiply and a
	// look-up a byte; each row is written in that form when its state
	// is taken from the queue: a copy of the row of its failure state,
	// which is nearer the root and so written already, with its own
	// edges put in. Whether a literal ends at a state is known once its
	// failure link is, when its parent is taken from the queue.
	offset := func(n int32) int32 {
		if s.hasOut[n] {
			return ^(n * int32(s.nclass))
		}
		return n * int32(s.nclass)
	}
	state := func(off int32) int32 {
		if off < 0 {
			off = ^off
		}
		return off / int32(s.nclass)
	}
	fail := make([]int32, len(s.hasOut))
	queue := make([]int32, 0, len(s.hasOut))
	root := s.next[:s.nclass]
	for c := range root {
		root[c] = offset(0)
	}
	for n := first[0]; n > 0; n = sibling[n] {
		s.hasOut[n] = s.hasOut[n] || s.hasOut[0] // fail[n] is the root
		root[edge[n]] = offset(n)
		queue = append(queue, n)
	}
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		f := fail[u]
		for w := range s.stride {
			s.out[int(u)*s.stride+w] |= s.out[int(f)*s.stride+w]
		}
		row := s.next[int(u)*s.nclass : int(u+1)*s.nclass]
		frow := s.next[int(f)*s.nclass : int(f+1)*s.nclass]
		copy(row, frow)
		for n := first[u]; n > 0; n = sibling[n] {
			fail[n] = state(frow[edge[n]])
			s.hasOut[n] = s.hasOut[n] || s.hasOut[fail[n]]
			row[edge[n]] = offset(n)
			queue = append(queue, n)
		}
	}
	return s
}

// fold is foldRune through the table of small characters.
func (s *litScanner) fold(r rune) rune {
	if r >= 0 && int(r) < len(s.low) {
		return s.low[r]
	}
	if isCaseless(r) {
		return r
	}
	return foldRune(r)
}

// blocks returns which literal sets each block of d has a literal of:
// the mask of block i is out[i*stride : (i+1)*stride].
func (s *litScanner) blocks(d *Document) []uint64 {
	out := make([]uint64, len(d.Blocks)*s.stride)
	for i := range d.Blocks {
		s.feed(0, d.Blocks[i].Text, out[i*s.stride:(i+1)*s.stride])
	}
	return out
}

// feed scans text from the state whose row starts at offset row (0 at
// the start of a text), adds the sets of the literals found to mask and
// returns the row reached, from which the text that follows text can be
// fed. ok is false when text has a byte that is not UTF-8: the runes a
// pattern sees in text joined to what comes before or after it can
// differ from those scanned.
func (s *litScanner) feed(row int32, text string, mask []uint64) (next int32, ok bool) {
	ok = true
	var buf [utf8.UTFMax]byte
	for j := 0; j < len(text); {
		if c := text[j]; c < utf8.RuneSelf {
			row = s.next[row+int32(s.ascii[c&0x7f])]
			j++
			if row < 0 {
				row = ^row
				s.mark(mask, row/int32(s.nclass))
			}
			continue
		}
		// Two- and three-byte characters are decoded here: those that
		// fold to themselves (caseless: Chinese, Japanese, Korean, …) are
		// scanned as they are, the others below U+0800 and the general
		// punctuation folded and encoded by table.
		var f []byte
		switch c := text[j]; {
		case 0xC2 <= c && c <= 0xDF && j+1 < len(text) && text[j+1]&0xC0 == 0x80:
			if e := &s.low8[rune(c&0x1F)<<6|rune(text[j+1]&0x3F)]; e.n != 0 {
				f = e.b[:e.n]
				j += 2
			}
		case 0xE0 <= c && c <= 0xEF && j+2 < len(text) && text[j+1]&0xC0 == 0x80 && text[j+2]&0xC0 == 0x80:
			r := rune(c&0x0F)<<12 | rune(text[j+1]&0x3F)<<6 | rune(text[j+2]&0x3F)
			switch {
			case r < 0x800 || 0xD800 <= r && r <= 0xDFFF: // overlong, surrogate: not UTF-8
			case isCaseless(r):
				f = []byte{c, text[j+1], text[j+2]}
				j += 3
			case punctStart <= r && r < punctEnd:
				if e := &s.low8[len(s.low)+int(r-punctStart)]; e.n != 0 {
					f = e.b[:e.n]
					j += 3
				}
			}
		}
		if f != nil {
			for _, b := range f {
				row = s.next[row+int32(s.class[b])]
				if row < 0 {
					row = ^row
					s.mark(mask, row/int32(s.nclass))
				}
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(text[j:])
		if r == utf8.RuneError && size == 1 {
			ok = false
		}
		j += size
		for _, c := range utf8.AppendRune(buf[:0], s.fold(r)) {
			row = s.next[row+int32(s.class[c])]
			if row < 0 {
				row = ^row
				s.mark(mask, row/int32(s.nclass))
			}
		}
	}
	return row, ok
}

// mark adds the sets of state st to mask.
func (s *litScanner) mark(mask []uint64, st int32) {
	for w := range mask {
		mask[w] |= s.out[int(st)*s.stride+w]
	}
}
