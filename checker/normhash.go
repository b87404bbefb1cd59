package checker

import (
	"unicode"
	"unicode/utf8"

	"github.com/copydesk/copydesk/rules"
)

// Hashes of normalised text, computed from the block text without
// building the normalised string: distinct and exact compare most blocks
// only by these, and normalise the few that may be equal or similar.

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// normNext reads the character at s[i] as normalize writes it under
// flags: it returns the character (utf8.RuneError for an invalid byte),
// its bytes in buf (an invalid byte as it is) and the size read.
func normNext(s string, i int, flags rules.Normalize, buf *[utf8.UTFMax]byte) (r rune, n, size int) {
	c := s[i]
	if c < utf8.RuneSelf {
		if 'A' <= c && c <= 'Z' && flags&rules.NormCase != 0 {
			c += 'a' - 'A'
		} else if c == '`' && flags&rules.NormQuotes != 0 {
			c = '\''
		}
		buf[0] = c
		return rune(c), 1, 1
	}
	r, size = utf8.DecodeRuneInString(s[i:])
	if r == utf8.RuneError && size == 1 {
		buf[0] = c
		return r, 1, 1
	}
	m := normRune(r, flags)
	return m, utf8.EncodeRune(buf[:], m), size
}

// normHash returns a hash of normalize(s, flags).s and the number of
// characters of s.
func normHash(s string, flags rules.Normalize) (h uint64, runes int) {
	var buf [utf8.UTFMax]byte
	h = fnvOffset
	for i := 0; i < len(s); runes++ {
		if c := s[i]; c < utf8.RuneSelf && (c < 'A' || c > 'Z') && c != '`' {
			h = (h ^ uint64(c)) * fnvPrime
			i++
			continue
		}
		_, n, size := normNext(s, i, flags, &buf)
		for _, c := range buf[:n] {
			h = (h ^ uint64(c)) * fnvPrime
		}
		i += size
	}
	return h, runes
}

// wordBag is the words of a normalised text by hash, for an upper bound
// of how similar another text can be.
type wordBag struct {
	index map[uint64]int32 // word hash → index in count
	count []int32          // how many times each word occurs
	n     int              // words
}

func newWordBag(words []string) *wordBag {
	b := &wordBag{index: make(map[uint64]int32), n: len(words)}
	for _, w := range words {
		h := uint64(fnvOffset)
		for i := 0; i < len(w); i++ {
			h = (h ^ uint64(w[i])) * fnvPrime
		}
		k, ok := b.index[h]
		if !ok {
			k = int32(len(b.count))
			b.index[h] = k
			b.count = append(b.count, 0)
		}
		b.count[k]++
	}
	return b
}

// bound returns an upper bound of compareWords(words, normalize(s,
// flags)).similarity: 2 × words in common (regardless of order) / all
// words. Words are compared by hash, and a collision only raises the
// bound. seen is scratch space of len(b.count).
func (b *wordBag) bound(s string, flags rules.Normalize, seen []int32) float64 {
	return b.boundOf(wordHashes(s, flags, nil), seen)
}

// boundOf is bound for the word hashes of a text (see wordHashes).
func (b *wordBag) boundOf(hashes []uint64, seen []int32) float64 {
	clear(seen)
	common := 0
	for _, h := range hashes {
		if k, ok := b.index[h]; ok {
			if seen[k] < b.count[k] {
				common++
			}
			seen[k]++
		}
	}
	if b.n+len(hashes) == 0 {
		return 1
	}
	return 2 * float64(common) / float64(b.n+len(hashes))
}

// wordHashes appends to dst the hashes of the words of normalize(s,
// flags): the words of strings.Fields, hashed as newWordBag hashes them.
func wordHashes(s string, flags rules.Normalize, dst []uint64) []uint64 {
	var buf [utf8.UTFMax]byte
	h, inWord := uint64(fnvOffset), false
	for i := 0; i < len(s); {
		var space bool
		var n, size int
		if c := s[i]; c < utf8.RuneSelf && (c < 'A' || c > 'Z') && c != '`' {
			buf[0], n, size = c, 1, 1
			space = asciiSpace(c)
		} else {
			var r rune
			r, n, size = normNext(s, i, flags, &buf)
			space = r < utf8.RuneSelf && asciiSpace(byte(r)) || r >= utf8.RuneSelf && unicode.IsSpace(r)
		}
		i += size
		if space {
			if inWord {
				dst = append(dst, h)
				h, inWord = fnvOffset, false
			}
			continue
		}
		inWord = true
		for _, c := range buf[:n] {
			h = (h ^ uint64(c)) * fnvPrime
		}
	}
	if inWord {
		dst = append(dst, h)
	}
	return dst
}

// asciiSpace reports whether c is white space as strings.Fields sees it.
func asciiSpace(c byte) bool { return c == ' ' || '\t' <= c && c <= '\r' }

// distinctFlags are the flags distinct hashes blocks under.
const distinctFlags = (rules.DefaultNormalize | rules.NormCase) &^ rules.NormSpace

// viewHash is normHash of a block view's text, remembered for the check.
type viewHash struct {
	lo, hi int32
	runes  int32
	set    bool
	h      uint64
}

// distinctHash returns normHash(p.Text(v), flags) for the flags distinct
// compares under. Every distinct rule of a page hashes the blocks of its
// scope (duplicate-paragraph, repeated-deck, repeated-passage and
// repeated-quote: the same blocks four times), so the answer is kept per
// block for the check.
func (p *Pass) distinctHash(v BlockView, flags rules.Normalize) (uint64, int) {
	r := p.run
	if flags != distinctFlags {
		return normHash(p.Text(v), flags)
	}
	if r.hashes == nil {
		r.hashes = make([]viewHash, len(p.Doc.Blocks))
	}
	m := &r.hashes[v.Index]
	if !m.set || int(m.lo) != v.Lo || int(m.hi) != v.Hi {
		h, runes := normHash(p.Text(v), flags)
		*m = viewHash{lo: int32(v.Lo), hi: int32(v.Hi), runes: int32(runes), set: true, h: h}
	}
	return m.h, int(m.runes)
}
