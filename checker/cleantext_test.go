package checker

import (
	"bytes"
	"math/rand"
	"testing"
)

// TestCleanText compares cleanText, which copies runs between "\r" and
// NUL whole, with the byte-by-byte definition, on random text of the
// bytes that matter, with and without NUL in the page.
func TestCleanText(t *testing.T) {
	ref := func(raw []byte, nul string) []byte {
		var out []byte
		for i := 0; i < len(raw); i++ {
			switch c := raw[i]; c {
			case '\r':
				out = append(out, '\n')
				if i+1 < len(raw) && raw[i+1] == '\n' {
					i++
				}
			case 0:
				out = append(out, nul...)
			default:
				out = append(out, c)
			}
		}
		return out
	}
	r := rand.New(rand.NewSource(1))
	alphabet := []byte("a\r\n\x00 é")
	for k := 0; k < 20000; k++ {
		raw := make([]byte, r.Intn(40))
		for i := range raw {
			raw[i] = alphabet[r.Intn(len(alphabet))]
		}
		hasNUL := bytes.IndexByte(raw, 0) >= 0
		for _, nul := range []string{"", "\ufffd"} {
			b := builder{hasCR: true, hasNUL: hasNUL || k%2 == 0}
			if got, want := b.cleanText(raw, nul), ref(raw, nul); !bytes.Equal(got, want) {
				t.Fatalf("cleanText(%q, %q) = %q, want %q", raw, nul, got, want)
			}
		}
	}
}
