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

// normBytes calls f with the bytes of each character of s under flags
// (as normalize writes them: an invalid byte as it is), and with the
// character itself.
func normBytes(s string, flags rules.Normalize, f func(r rune, b []byte)) {
	var buf [utf8.UTFMax]byte
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			r := rune(c)
			if 'A' <= c && c <= 'Z' && flags&rules.NormCase != 0 {
				r += 'a' - 'A'
			} else if c == '`' && flags&rules.NormQuotes != 0 {
				r = '\''
			}
			buf[0] = byte(r)
			f(r, buf[:1])
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			buf[0] = c
			f(r, buf[:1])
		} else {
			m := normRune(r, flags)
			f(m, utf8.AppendRune(buf[:0], m))
		}
		i += size
	}
}

// normHash returns a hash of normalize(s, flags).s and the number of
// characters of s.
func normHash(s string, flags rules.Normalize) (h uint64, runes int) {
	h = fnvOffset
	normBytes(s, flags, func(_ rune, b []byte) {
		for _, c := range b {
			h = (h ^ uint64(c)) * fnvPrime
		}
		runes++
	})
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
	clear(seen)
	common, n := 0, 0
	h, inWord := uint64(fnvOffset), false
	end := func() {
		n++
		if k, ok := b.index[h]; ok {
			if seen[k] < b.count[k] {
				common++
			}
			seen[k]++
		}
		h, inWord = fnvOffset, false
	}
	normBytes(s, flags, func(r rune, bs []byte) {
		if r < utf8.RuneSelf && asciiSpace(byte(r)) || r >= utf8.RuneSelf && unicode.IsSpace(r) {
			if inWord {
				end()
			}
			return
		}
		inWord = true
		for _, c := range bs {
			h = (h ^ uint64(c)) * fnvPrime
		}
	})
	if inWord {
		end()
	}
	if b.n+n == 0 {
		return 1
	}
	return 2 * float64(common) / float64(b.n+n)
}

// asciiSpace reports whether c is white space as strings.Fields sees it.
func asciiSpace(c byte) bool { return c == ' ' || '\t' <= c && c <= '\r' }
