package checker

import (
	"bytes"
	"math/rand"
	"testing"
	"unicode"
	"unicode/utf8"
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

// TestPlainCharTwoBytes compares plainChar, which takes a two-byte
// character from 0xc3 on without decoding it, with its definition, for
// every pair of bytes after a lead byte of 0x80 or more.
func TestPlainCharTwoBytes(t *testing.T) {
	for c := 0x80; c <= 0xff; c++ {
		for d := 0; d <= 0xff; d++ {
			s := []byte{byte(c), byte(d), 'a'}
			r, want := utf8.DecodeRune(s)
			if r != utf8.RuneError && unicode.IsSpace(r) || invisible(r) {
				want = 0
			}
			if got := plainChar(s); got != want {
				t.Fatalf("plainChar(%q) = %d, want %d", s, got, want)
			}
		}
	}
}

// TestLowerInto compares lowerInto with lowerName.
func TestLowerInto(t *testing.T) {
	var buf []byte
	for _, name := range []string{"", "div", "DIV", "viewBox", "a\x00B", "\x00", "ÀbC", "x-Y_z9"} {
		if got, want := lowerInto(&buf, []byte(name)), lowerName([]byte(name)); !bytes.Equal(got, want) {
			t.Errorf("lowerInto(%q) = %q, want %q", name, got, want)
		}
	}
}
