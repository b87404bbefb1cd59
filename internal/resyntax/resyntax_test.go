package resyntax

import (
	"regexp/syntax"
	"testing"
)

func TestParse(t *testing.T) {
	for _, src := range []string{`(?i)\bsaid\b`, `[\p{L}]+`, `a{2,3}|b`, `(`, `x{1001}`} {
		want, wantErr := syntax.Parse(src, syntax.Perl)
		for range 2 {
			got, err := Parse(src)
			if (err == nil) != (wantErr == nil) || (err != nil && err.Error() != wantErr.Error()) {
				t.Fatalf("Parse(%q) error %v, want %v", src, err, wantErr)
			}
			if err == nil && got.String() != want.String() {
				t.Fatalf("Parse(%q) = %s, want %s", src, got, want)
			}
		}
	}
	a, _ := Parse(`abc|abd`)
	b, _ := Parse(`abc|abd`)
	if a != b {
		t.Error("second Parse of a source did not reuse the first")
	}
	clear(cache)
	for i := range maxEntries + 10 {
		_, _ = Parse(string(rune('a'+i%26)) + string(rune(0x100+i)))
	}
	if len(cache) > maxEntries {
		t.Errorf("cache holds %d entries, more than %d", len(cache), maxEntries)
	}
}
