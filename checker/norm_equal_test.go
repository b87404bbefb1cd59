package checker

import (
	"testing"

	"github.com/copydesk/copydesk/rules"
)

// FuzzNormEqual: normEqual, which compares without building either
// text, agrees with comparing the normalised texts, under every set of
// normalisations.
func FuzzNormEqual(f *testing.F) {
	for _, seed := range [][2]string{
		{"The “Cabinet” met — today.", `the "cabinet" met - today.`},
		{"Straße", "STRASSE"},
		{"a\xffb", "a\xffb"},
		{"a\xffb", "a\uFFFDb"},
		{"Ünïcödé ‘x’", "ünïcödé 'x'"},
		{"ИНОАГЕНТ", "иноагент"},
		{"a–b", "a-b"},
		{"`code`", "'code'"},
		{"", "x"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		for flags := rules.Normalize(0); flags < 16; flags++ {
			want := normalize(a, flags).s == normalize(b, flags).s
			if got := normEqual(a, b, flags); got != want {
				t.Fatalf("normEqual(%q, %q, %d) = %v, comparing the normalised texts says %v", a, b, flags, got, want)
			}
		}
	})
}
