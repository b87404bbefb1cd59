package checker

import (
	"testing"
	"unicode"

	"github.com/copydesk/copydesk/rules"
)

func TestCaseless(t *testing.T) {
	all := rules.NormQuotes | rules.NormDashes | rules.NormCase
	for _, c := range caseless {
		for r := c.lo; r <= c.hi; r++ {
			if unicode.SimpleFold(r) != r || unicode.ToLower(r) != r || normRune(r, all) != r || foldRune(r) != r {
				t.Fatalf("U+%04X is in caseless range [U+%04X, U+%04X] but has a case or is normalised", r, c.lo, c.hi)
			}
		}
	}
	for _, r := range []rune{'a', 'Z', 'é', 'Ж', 'Ω', '\u2019', '\u2014', 0x10A0, 0xFF21, 0x10400} {
		if isCaseless(r) {
			t.Errorf("isCaseless(U+%04X)", r)
		}
	}
	for _, r := range []rune{'中', '한', 0x800, 0x10FFFF} {
		if !isCaseless(r) {
			t.Errorf("!isCaseless(U+%04X)", r)
		}
	}
}
